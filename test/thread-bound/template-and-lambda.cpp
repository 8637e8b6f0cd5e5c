// Coroutine templates are analyzed in their instantiations, and a lambda
// coroutine given to co_spawn is located like a named one: both run on a
// thread_pool here.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

template <typename Mutex>
awaitable<void> guarded(Mutex &m, net::steady_timer &t) {
  std::lock_guard<Mutex> g(m);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
}

int main() {
  std::mutex mu;
  net::thread_pool pool(2);
  net::steady_timer t(pool);
  net::co_spawn(pool, guarded(mu, t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'guarded' is spawned here on a thread pool
  net::co_spawn(
      pool,
      [&]() -> awaitable<void> {
        std::unique_lock lk(mu);
        // CHECK-NOTES-DAG: :[[@LINE-1]]:9: note: 'lk' declared here ('std::unique_lock<std::mutex>' is a lock guard)
        co_await t.async_wait(use_awaitable);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'lk' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
      },
      net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-9]]:3: note: the lambda at line 25 is spawned here on a thread pool
  pool.join();
}
