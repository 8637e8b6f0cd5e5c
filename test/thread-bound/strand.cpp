// A strand serializes the coroutine's steps but does not pin them to one
// thread: a strand of a thread_pool can resume the coroutine on any pool
// thread.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

std::mutex mu;

awaitable<void> worker(net::steady_timer &t) {
  std::unique_lock<std::mutex> lk(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'lk' declared here ('std::unique_lock<std::mutex>' is a lock guard)
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lk' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
}

int main() {
  net::thread_pool pool(4);
  net::steady_timer t(pool);
  auto strand = net::make_strand(pool);
  net::co_spawn(strand, worker(t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on a strand
  pool.join();
}
