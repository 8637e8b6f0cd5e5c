// A std::lock_guard held across a wait in a coroutine on a single-thread
// io_context: the coroutine stays on its thread, but the next coroutine
// that locks the same mutex blocks that thread forever.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

std::mutex mu;
int counter;

awaitable<void> worker() {
  auto ex = co_await net::this_coro::executor;
  net::steady_timer t(ex, std::chrono::milliseconds(5));
  std::lock_guard<std::mutex> g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine runs on a single thread, so the next coroutine that locks the same mutex deadlocks [corosafe-thread-bound-across-suspend]
  ++counter;
}

int main() {
  net::io_context ioc;
  net::co_spawn(ioc, worker(), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on a single-thread io_context
  net::co_spawn(ioc, worker(), net::detached);
  ioc.run();
}
