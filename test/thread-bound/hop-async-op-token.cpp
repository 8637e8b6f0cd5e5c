// Any asio operation whose completion token is
// `bind_executor(X, use_awaitable)` resumes the coroutine on X: here a
// timer wait bound to a thread_pool, in a coroutine that otherwise runs on
// a single-thread io_context. The same wait with plain use_awaitable
// resumes on the io_context: silent.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

thread_local int local_count;

awaitable<void> handler(net::steady_timer &t, net::thread_pool &pool) {
  int *c = &local_count;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'local_count')
  co_await t.async_wait(use_awaitable);
  ++*c;
  co_await t.async_wait(net::bind_executor(pool, use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'local_count' and is used after a suspension point after which the coroutine resumes on a thread pool [corosafe-thread-bound-across-suspend]
  ++*c;
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::steady_timer t(ioc);
  net::co_spawn(ioc, handler(t, pool), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'handler' is spawned here on a single-thread io_context
  ioc.run();
}
