// async_simple Lazy coroutines and threads. A Lazy started on a
// SimpleExecutor with several workers (via(ex).start / detach / syncAwait)
// resumes on any worker after a sleep: a std::lock_guard held across it is
// reported ('on_pool'); a guard over an async_simple::coro::Mutex is not
// thread-bound ('coro_mutex'). co_await dispatch(ex) moves the Lazy to ex
// for good (started without an executor, it stays on ex after the
// hop): a thread_local reference kept across it is reported ('hops'); reading the thread_local afresh after the hop is fine
// ('rereads'). A value with a non-atomic reference count passed to a Lazy
// started on the pool while the caller keeps its copy is shared between
// threads ('shares'); moved, it is not ('moves').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/async_simple
#include <async_simple/coro/Dispatch.h>
#include <async_simple/coro/Lazy.h>
#include <async_simple/coro/Mutex.h>
#include <async_simple/coro/Sleep.h>
#include <async_simple/coro/SyncAwait.h>
#include <async_simple/executors/SimpleExecutor.h>

#include <boost/smart_ptr/local_shared_ptr.hpp>

#include <chrono>
#include <mutex>
#include <utility>

using namespace async_simple;
using namespace async_simple::coro;
using namespace std::chrono_literals;

thread_local int counter;
std::mutex mu;
coro::Mutex amu;
int shared;

Lazy<void> on_pool() {
  std::lock_guard<std::mutex> g(mu);
  co_await sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  ++shared;
}

Lazy<void> coro_mutex() {
  std::unique_lock<coro::Mutex> l = co_await amu.coScopedLock();
  co_await sleep(1ms);
  ++shared;
}

Lazy<void> hops(executors::SimpleExecutor &other) {
  int &c = counter;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'counter')
  co_await dispatch(&other);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine resumes on a SimpleExecutor [corosafe-thread-bound-across-suspend]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the coroutine moved to a SimpleExecutor here and stays there
  ++c;
  co_await sleep(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
}

Lazy<void> rereads(executors::SimpleExecutor &other) {
  ++counter;
  co_await dispatch(&other);
  ++counter;
}

struct Config {
  int v;
};
void use(int);

Lazy<void> consume(boost::local_shared_ptr<Config> cfg) {
  co_await sleep(1ms);
  use(cfg->v);
}

void shares(executors::SimpleExecutor &pool) {
  boost::local_shared_ptr<Config> cfg;
  consume(cfg).via(&pool).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'cfg' is copied into a task spawned on a SimpleExecutor while the origin keeps its own copy: 'boost::local_shared_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  use(cfg->v);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'cfg' is used here afterwards
}

void moves(executors::SimpleExecutor &pool) {
  boost::local_shared_ptr<Config> cfg;
  consume(std::move(cfg)).via(&pool).detach();
}

int main() {
  executors::SimpleExecutor pool(4);
  executors::SimpleExecutor other(2);
  on_pool().via(&pool).start([](Try<void> &&) {});
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'on_pool' is spawned here on a SimpleExecutor
  coro_mutex().via(&pool).detach();
  syncAwait(hops(other));
  syncAwait(rereads(other).via(&pool));
  shares(pool);
  moves(pool);
}
