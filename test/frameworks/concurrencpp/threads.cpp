// concurrencpp: 'co_await resume_on(ex)' posts the coroutine to ex and it
// stays there ('hops': a reference to a thread_local is another thread's
// object after the hop to the thread_pool_executor). A lock guard held
// across a suspension after moving to the pool unlocks on another thread
// ('locked'). Safe: the async_lock's scoped_async_lock is no thread-bound
// guard ('async_locked'); a thread_local used only before the hop
// ('before').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/concurrencpp
#include <concurrencpp/concurrencpp.h>

#include <memory>
#include <mutex>

using namespace concurrencpp;

thread_local int counter;
std::mutex mu;
async_lock alock;
lazy_result<int> fetch(int);

result<void> hops(std::shared_ptr<thread_pool_executor> tp) {
  int &c = counter;
  ++c;
  co_await resume_on(tp);
  ++c;
  co_await fetch(1);
  ++c;
}

result<void> locked(std::shared_ptr<thread_pool_executor> tp) {
  co_await resume_on(tp);
  std::lock_guard<std::mutex> g(mu);
  co_await fetch(2);
}

result<void> async_locked(std::shared_ptr<thread_pool_executor> tp) {
  co_await resume_on(tp);
  scoped_async_lock guard = co_await alock.lock(tp);
  co_await fetch(3);
}

result<void> before(std::shared_ptr<thread_pool_executor> tp) {
  int &c = counter;
  ++c;
  co_await resume_on(tp);
}
