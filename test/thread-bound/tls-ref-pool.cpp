// A reference to a thread_local object held across a suspension point in a
// coroutine spawned on a thread_pool: after the wait the coroutine may run
// on another pool thread, and the reference still points to the first
// thread's object.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

struct Stats {
  int hits = 0;
};
thread_local Stats stats;

awaitable<void> worker() {
  auto ex = co_await net::this_coro::executor;
  net::steady_timer t(ex);
  Stats *s = &stats;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 's' declared here (it refers to the thread_local 'stats')
  for (int i = 0; i < 3; ++i) {
    t.expires_after(std::chrono::milliseconds(1));
    co_await t.async_wait(use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 's' refers to the thread_local 'stats' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
    s->hits++;
  }
}

int main() {
  net::thread_pool pool(4);
  net::co_spawn(pool.get_executor(), worker(), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on a thread pool
  pool.join();
}
