// An io_context whose run() is called from several threads (here the main
// thread and a std::thread body) is multi-threaded: a coroutine spawned on
// it may resume on the other thread after any co_await.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>
#include <thread>

std::mutex mu;
int counter;

awaitable<void> worker() {
  auto ex = co_await net::this_coro::executor;
  net::steady_timer t(ex);
  std::scoped_lock g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::scoped_lock<std::mutex>' is a lock guard)
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  ++counter;
}

int main() {
  net::io_context ioc;
  net::co_spawn(ioc, worker(), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on an io_context run by several threads
  std::thread other([&] { ioc.run(); });
  ioc.run();
  other.join();
}
