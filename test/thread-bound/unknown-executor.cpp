// The executor is a parameter (any_io_executor): the TU does not show where
// the coroutine runs. A reference to a thread_local object across a
// suspension is then reported at a lower level (remark, option
// UnknownExecutor); a lock guard is always a warning, with both outcomes in
// the message.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>

thread_local int depth;
std::mutex mu;

awaitable<void> worker(net::steady_timer &t) {
  int &d = depth;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'd' declared here (it refers to the thread_local 'depth')
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: remark: 'd' refers to the thread_local 'depth' and is used after a suspension point after which the coroutine may resume on another thread (executor unknown) [corosafe-thread-bound-across-suspend]
  ++d;
  std::lock_guard g(mu);
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; on a single thread the next coroutine that locks the same mutex deadlocks, on several threads the mutex is unlocked on the wrong thread (executor unknown) [corosafe-thread-bound-across-suspend]
}

void start(net::any_io_executor ex, net::steady_timer &t) {
  net::co_spawn(ex, worker(t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on an executor of unknown kind
}
