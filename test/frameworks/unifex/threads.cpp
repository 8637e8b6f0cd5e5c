// libunifex and the thread rules. unifex::task is scheduler-affine, except
// that co_await schedule(s) moves it to s for the rest of its body: a task
// started on a single_thread_context that awaits schedule(pool) continues
// on the pool ('moved', unlike stdexec's exec::task); awaiting schedule()
// of its own context keeps it on its thread ('stays_home'). On a
// static_thread_pool any await may resume on another pool thread
// ('locked'). async_mutex is a sender, not a thread-bound guard
// ('async_locked'). A non-atomic reference count copied into a task spawned
// on the pool while the spawner keeps its own copy is shared between
// threads ('start').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/unifex
#include <unifex/async_mutex.hpp>
#include <unifex/async_scope.hpp>
#include <unifex/single_thread_context.hpp>
#include <unifex/static_thread_pool.hpp>
#include <unifex/sync_wait.hpp>
#include <unifex/task.hpp>

#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <mutex>
#include <utility>

std::mutex mu;
unifex::async_mutex amu;
thread_local int requests;
int shared_total;

struct Config {
  int limit;
};
void use(int);

unifex::static_thread_pool pool{4};
unifex::single_thread_context ui;

unifex::task<void> step();

unifex::task<void> locked() {
  std::lock_guard<std::mutex> g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  ++shared_total;
}

unifex::task<void> async_locked() {
  co_await amu.async_lock();
  co_await unifex::schedule(pool.get_scheduler());
  ++shared_total;
  amu.unlock();
}

unifex::task<void> moved() {
  int &r = requests;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'r' declared here (it refers to the thread_local 'requests')
  co_await unifex::schedule(pool.get_scheduler());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'r' refers to the thread_local 'requests' and is used after a suspension point after which the coroutine resumes on a static_thread_pool [corosafe-thread-bound-across-suspend]
  ++r;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'r' is used here after resuming
}

unifex::task<void> stays_home() {
  int &r = requests;
  co_await unifex::schedule(ui.get_scheduler());
  ++r;
}

unifex::task<void> worker(boost::local_shared_ptr<Config> cfg) {
  use(cfg->limit);
  co_return;
}

void start(unifex::async_scope &scope) {
  boost::local_shared_ptr<Config> cfg;
  scope.detached_spawn_on(pool.get_scheduler(), worker(cfg));
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: 'cfg' is copied into a task spawned on a static_thread_pool while the origin keeps its own copy: 'boost::local_shared_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  use(cfg->limit);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'cfg' is used here afterwards
  // Safe: moved into the task, the spawner keeps nothing.
  boost::local_shared_ptr<Config> own;
  scope.detached_spawn_on(pool.get_scheduler(), worker(std::move(own)));
}

int main() {
  unifex::async_scope scope;
  scope.detached_spawn_on(pool.get_scheduler(), locked());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'locked' is spawned here on a static_thread_pool
  scope.detached_spawn_on(pool.get_scheduler(), async_locked());
  scope.detached_spawn_on(ui.get_scheduler(), moved());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'moved' is spawned here on a single_thread_context
  scope.detached_spawn_on(ui.get_scheduler(), stays_home());
  start(scope);
  unifex::sync_wait(scope.cleanup());
}
