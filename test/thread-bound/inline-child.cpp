// Awaiting a coroutine whose own awaits all complete at once (it only asks
// for its executor) resumes the caller inline: no other coroutine runs in
// between and the thread does not change, so a lock held across it is no
// hazard. Followed through a second level. A child that really waits is a
// suspension point, and the lock held across it is reported.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

std::mutex mu;
int counter;

awaitable<int> executor_tag() {
  auto ex = co_await net::this_coro::executor;
  (void)ex;
  co_return 7;
}

awaitable<int> twice() {
  int a = co_await executor_tag();
  int b = co_await executor_tag();
  co_return a + b;
}

awaitable<void> nap(net::steady_timer &t) {
  co_await t.async_wait(use_awaitable);
}

awaitable<void> worker() {
  auto ex = co_await net::this_coro::executor;
  net::steady_timer t(ex, std::chrono::milliseconds(5));
  {
    std::lock_guard<std::mutex> g(mu);
    counter += co_await executor_tag();
    counter += co_await twice();
  }
  std::lock_guard<std::mutex> held(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'held' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await nap(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'held' holds a lock across a suspension point; the coroutine runs on a single thread, so the next coroutine that locks the same mutex deadlocks [corosafe-thread-bound-across-suspend]
  ++counter;
}

int main() {
  net::io_context ioc;
  net::co_spawn(ioc, worker(), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on a single-thread io_context
  net::co_spawn(ioc, worker(), net::detached);
  ioc.run();
}
