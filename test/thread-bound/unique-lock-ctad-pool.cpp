// A std::unique_lock declared with class template argument deduction, held
// across a timer wait in a coroutine spawned on a thread_pool: the
// coroutine may resume on another pool thread, which then unlocks a mutex
// it does not own.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

std::mutex mu;
int counter;

awaitable<void> worker(net::steady_timer &t) {
  std::unique_lock lk(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'lk' declared here ('std::unique_lock<std::mutex>' is a lock guard)
  ++counter;
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lk' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  ++counter;
}

int main() {
  net::thread_pool pool(4);
  net::steady_timer t(pool);
  net::co_spawn(pool, worker(t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on a thread pool
  pool.join();
}
