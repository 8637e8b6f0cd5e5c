// A coroutine awaited by another runs on the awaiting coroutine's
// executor: 'step' is only awaited by 'session', which is spawned on a
// thread_pool, so 'step' may resume on another thread too. The coroutine
// spawned with `co_await this_coro::executor` inherits it as well.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

std::mutex mu;

awaitable<void> step(net::steady_timer &t) {
  std::lock_guard g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
}

awaitable<void> helper(net::steady_timer &t) {
  std::unique_lock lk(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'lk' declared here ('std::unique_lock<std::mutex>' is a lock guard)
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lk' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
}

awaitable<void> session(net::steady_timer &t) {
  co_await step(t);
  net::co_spawn(co_await net::this_coro::executor, helper(t), net::detached);
}

int main() {
  net::thread_pool pool(2);
  net::steady_timer t(pool);
  net::co_spawn(pool, session(t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'session' is spawned here on a thread pool
  pool.join();
}
