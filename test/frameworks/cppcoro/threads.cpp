// cppcoro tasks have no scheduler affinity: 'co_await pool.schedule()'
// moves the coroutine to a thread of the static_thread_pool and it stays
// there, across every later await ('hops'); resume_on(pool, a) resumes the
// caller on the pool after a ('resumes'). A lock guard held across a
// suspension after the move unlocks on another thread ('locked'). Safe:
// async_mutex's scoped lock is no thread-bound guard ('async_locked'), a
// thread_local used only before the move ('before').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cppcoro
#include <cppcoro/async_mutex.hpp>
#include <cppcoro/resume_on.hpp>
#include <cppcoro/static_thread_pool.hpp>
#include <cppcoro/task.hpp>

#include <mutex>

thread_local int counter;
std::mutex mu;
cppcoro::async_mutex amu;
cppcoro::task<int> fetch(int);

cppcoro::task<void> hops(cppcoro::static_thread_pool &pool) {
  int &c = counter;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'counter')
  ++c;
  co_await pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine resumes on a cppcoro static_thread_pool [corosafe-thread-bound-across-suspend]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the coroutine moved to a cppcoro static_thread_pool here and stays there
  ++c;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'c' is used here after resuming
  co_await fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
}

cppcoro::task<void> resumes(cppcoro::static_thread_pool &pool) {
  int &c = counter;
  int v = co_await cppcoro::resume_on(pool, fetch(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine resumes on a cppcoro static_thread_pool [corosafe-thread-bound-across-suspend]
  c += v;
}

cppcoro::task<void> locked(cppcoro::static_thread_pool &pool) {
  co_await pool.schedule();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: the coroutine moved to a cppcoro static_thread_pool here and stays there
  std::lock_guard<std::mutex> g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await fetch(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
}

cppcoro::task<void> async_locked(cppcoro::static_thread_pool &pool) {
  co_await pool.schedule();
  cppcoro::async_mutex_lock lock = co_await amu.scoped_lock_async();
  co_await fetch(4);
}

cppcoro::task<void> before(cppcoro::static_thread_pool &pool) {
  int &c = counter;
  ++c;
  co_await pool.schedule();
}
