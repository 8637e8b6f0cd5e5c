// stdexec and the thread rules. exec::task is scheduler-affine: every await
// comes back to the task's scheduler, so a task started on a
// single_thread_context stays on its thread across co_await
// schedule(pool) and continues_on(pool) ('affine'); only co_await
// reschedule_coroutine_on(sch) moves it, for good ('moved'). On a
// static_thread_pool any await may resume on another pool thread
// ('locked'). A non-atomic reference count copied into a task started on
// the pool while the starter keeps its own copy is shared between threads
// ('start'). Both layouts: experimental::execution and namespace exec.
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/stdexec
// RUN: %check-rule %s %t.2509 -- -std=c++20 -DCOROSAFE_STDEXEC_2509 -I%inputs/stdexec
#include <exec/async_scope.hpp>
#include <exec/single_thread_context.hpp>
#include <exec/static_thread_pool.hpp>
#include <exec/task.hpp>
#include <stdexec/execution.hpp>

#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <mutex>
#include <utility>

std::mutex mu;
thread_local int requests;
int shared_total;

struct Config {
  int limit;
};
void use(int);

exec::static_thread_pool pool(4);
exec::single_thread_context ui;

exec::task<void> locked() {
  std::lock_guard<std::mutex> g(mu);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'g' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  co_await stdexec::schedule(pool.get_scheduler());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  ++shared_total;
}

exec::task<void> affine() {
  int &r = requests;
  co_await stdexec::schedule(pool.get_scheduler());
  ++r;
  co_await (stdexec::just(1) | stdexec::continues_on(pool.get_scheduler()));
  ++r;
  co_await stdexec::continues_on(stdexec::just(2), pool.get_scheduler());
  ++r;
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
  co_await (stdexec::just(3) | stdexec::transfer(pool.get_scheduler()));
#pragma clang diagnostic pop
  ++r;
}

exec::task<void> moved() {
  int &r = requests;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'r' declared here (it refers to the thread_local 'requests')
  co_await exec::reschedule_coroutine_on(pool.get_scheduler());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'r' refers to the thread_local 'requests' and is used after a suspension point after which the coroutine resumes on a static_thread_pool [corosafe-thread-bound-across-suspend]
  ++r;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'r' is used here after resuming
}

exec::task<void> worker(boost::local_shared_ptr<Config> cfg) {
  use(cfg->limit);
  co_return;
}

void start(exec::async_scope &scope) {
  boost::local_shared_ptr<Config> cfg;
  scope.spawn(stdexec::starts_on(pool.get_scheduler(), worker(cfg)));
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: 'cfg' is copied into a task spawned on a static_thread_pool while the origin keeps its own copy: 'boost::local_shared_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:15: note: the task starts here
  use(cfg->limit);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'cfg' is used here afterwards
  // Safe: moved into the task, the starter keeps nothing.
  boost::local_shared_ptr<Config> own;
  scope.spawn(stdexec::starts_on(pool.get_scheduler(), worker(std::move(own))));
}

int main() {
  exec::async_scope scope;
  scope.spawn(stdexec::starts_on(pool.get_scheduler(), locked()));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:15: note: 'locked' is spawned here on a static_thread_pool
  scope.spawn(stdexec::starts_on(ui.get_scheduler(), affine()));
  scope.spawn(stdexec::starts_on(ui.get_scheduler(), moved()));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:15: note: 'moved' is spawned here on a single_thread_context
  start(scope);
  // The detached form: starts_on says where.
#ifdef COROSAFE_STDEXEC_2509
  stdexec::start_detached(stdexec::starts_on(pool.get_scheduler(), locked()));
#else
  exec::start_detached(stdexec::starts_on(pool.get_scheduler(), locked()));
#endif
  stdexec::sync_wait(scope.on_empty());
}
