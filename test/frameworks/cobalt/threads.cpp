// A Boost.Cobalt coroutine resumes on the thread that started it (its
// thread's own io_context): a thread_local reference across a suspension is
// fine, and a lock held across one is the single-thread hazard (the next
// coroutine of the thread that locks the mutex deadlocks), not the
// wrong-thread one. Spawned onto an asio::thread_pool, a task runs on the
// pool's executor and may resume on any of its threads.
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cobalt
#include <boost/cobalt.hpp>

#include <mutex>

namespace cobalt = boost::cobalt;
namespace asio = boost::asio;

std::mutex m;
thread_local int calls;
cobalt::task<void> tick();

cobalt::task<void> locked() {
  // CHECK-NOTES-DAG: :[[@LINE-1]]:20: note: 'locked' is a Boost.Cobalt coroutine, which always resumes on the thread that started it
  std::lock_guard<std::mutex> g(m);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await tick();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine runs on a single thread, so the next coroutine that locks the same mutex deadlocks [corosafe-thread-bound-across-suspend]
}

// Safe: the same thread after every suspension.
cobalt::task<void> counts() {
  int &c = calls;
  co_await tick();
  ++c;
}

cobalt::promise<int> eager() {
  int &c = calls;
  co_await tick();
  co_return c;
}

// On a thread pool's executor, any pool thread may resume it.
cobalt::task<void> pooled() {
  int &c = calls;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'calls')
  co_await tick();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'calls' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'c' is used here after resuming
}

void start(asio::thread_pool &pool) {
  cobalt::spawn(pool, pooled(), asio::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'pooled' is spawned here on a thread pool
}
