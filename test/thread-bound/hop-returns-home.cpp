// After a hop the coroutine runs on the hop's executor only until its next
// ordinary co_await, which resumes it through its own executor again: a
// thread_local reference taken on the pool and used after that await
// changes threads too (pool thread -> io_context thread).
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

thread_local int pool_local;

awaitable<void> handler(net::steady_timer &t, net::thread_pool &pool) {
  co_await net::dispatch(net::bind_executor(pool, use_awaitable));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: the coroutine moved to a thread pool here; it returns to its own executor at the next suspension
  int &p = pool_local;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'p' declared here (it refers to the thread_local 'pool_local')
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p' refers to the thread_local 'pool_local' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++p;
  int &q = pool_local;
  co_await t.async_wait(use_awaitable);
  ++q;
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::steady_timer t(ioc);
  net::co_spawn(ioc, handler(t, pool), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'handler' is spawned here on a single-thread io_context
  ioc.run();
}
