// folly::coro tasks and threads. A Task bound to a CPUThreadPoolExecutor
// (co_withExecutor, or the deprecated scheduleOn) resumes on any pool thread
// after each co_await: a std::lock_guard or a thread_local reference held
// across one is reported ('on_pool', 'scheduled'). A guard over a
// folly::coro::Mutex is not thread-bound ('coro_mutex'), nor is code on a
// ManualExecutor driven by one thread ('on_manual'). co_withExecutor is no
// hop: the awaiting task resumes on its own executor, so a thread_local
// reference kept across it is fine on a single-thread executor
// ('hands_off') but the child runs on the pool ('child'). A class marked
// with folly::unsafe_for_async_usage must not live across a suspension
// point on a pool ('marked').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/folly
#include <folly/coro/BlockingWait.h>
#include <folly/coro/Mutex.h>
#include <folly/coro/Sleep.h>
#include <folly/coro/Task.h>
#include <folly/executors/CPUThreadPoolExecutor.h>
#include <folly/executors/ManualExecutor.h>
#include <folly/lang/Hint.h>

#include <chrono>
#include <mutex>

namespace coro = folly::coro;
using namespace std::chrono_literals;

thread_local int counter;
std::mutex mu;
coro::Mutex cmu;
int shared;

coro::Task<void> on_pool() {
  std::lock_guard<std::mutex> g(mu);
  co_await coro::sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  ++shared;
}

coro::Task<void> scheduled() {
  int &c = counter;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'counter')
  co_await coro::sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
}

coro::Task<void> coro_mutex() {
  std::unique_lock<coro::Mutex> l = co_await cmu.co_scoped_lock();
  co_await coro::sleep(1ms);
  ++shared;
}

struct Scratch : private folly::unsafe_for_async_usage {
  int n = 0;
};

coro::Task<void> marked() {
  Scratch s;
  co_await coro::sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 's' is thread-bound and live across a suspension point after which the coroutine may resume on another thread
  ++s.n;
}

coro::Task<void> child() {
  int &c = counter;
  co_await coro::sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
}

coro::Task<void> hands_off(folly::CPUThreadPoolExecutor &pool) {
  int &c = counter;
  co_await coro::co_withExecutor(&pool, child());
  ++c;
}

coro::Task<void> on_manual() {
  int &c = counter;
  co_await coro::sleep(1ms);
  ++c;
  std::unique_lock<coro::Mutex> l = co_await cmu.co_scoped_lock();
  co_await coro::sleep(1ms);
}

#pragma clang diagnostic ignored "-Wdeprecated-declarations"
int main() {
  folly::CPUThreadPoolExecutor pool(4);
  folly::ManualExecutor manual;
  coro::blockingWait(coro::co_withExecutor(&pool, on_pool()));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'on_pool' is spawned here on a CPU thread pool
  coro::blockingWait(on_pool().scheduleOn(&pool));
  coro::blockingWait(scheduled().scheduleOn(&pool));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'scheduled' is spawned here on a CPU thread pool
  coro::blockingWait(coro::co_withExecutor(&pool, coro_mutex()));
  coro::blockingWait(coro::co_withExecutor(&pool, marked()));
  coro::blockingWait(coro::co_withExecutor(&manual, hands_off(pool)));
  coro::blockingWait(coro::co_withExecutor(&manual, on_manual()));
  manual.drain();
}
