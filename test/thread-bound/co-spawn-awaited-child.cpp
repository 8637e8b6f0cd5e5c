// `co_await co_spawn(pool, child(), use_awaitable)` runs only the child on
// the pool: the parent resumes through its own single-thread io_context,
// so its thread_local reference is fine; the child's is not.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

thread_local int tally;

awaitable<int> child() {
  auto ex = co_await net::this_coro::executor;
  net::steady_timer t(ex);
  int &c = tally;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'tally')
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'tally' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  co_return c;
}

awaitable<void> parent(net::thread_pool &pool) {
  int &mine = tally;
  int r = co_await net::co_spawn(pool, child(), use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:20: note: 'child' is spawned here on a thread pool
  mine += r;
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::co_spawn(ioc, parent(pool), net::detached);
  ioc.run();
}
