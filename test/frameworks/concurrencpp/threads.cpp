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
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'counter')
  ++c;
  co_await resume_on(tp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine resumes on a concurrencpp thread_pool_executor [corosafe-thread-bound-across-suspend]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the coroutine moved to a concurrencpp thread_pool_executor here and stays there
  ++c;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'c' is used here after resuming
  co_await fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
}

result<void> locked(std::shared_ptr<thread_pool_executor> tp) {
  co_await resume_on(tp);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: the coroutine moved to a concurrencpp thread_pool_executor here and stays there
  std::lock_guard<std::mutex> g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await fetch(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
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
