// corosafe-thread-bound-across-suspend on a framework known only from a user
// profile (Inputs/acme.yaml): its multi-thread pool, its single-thread loop
// and its hop 'resume_on', after which the coroutine stays on the pool.
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/Inputs/acme.yaml %check-rule %s %t -- -std=c++20 -I%inputs/acme
#include "acme.h"

using acme::task;

thread_local int counter;

// On the pool: any suspension may resume on another thread.
task<void> on_pool() {
  int &c = counter;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'counter')
  co_await acme::sleep_for(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'c' is used here after resuming
}

// On the loop, then hops to the pool for good.
task<void> hops(acme::pool &p) {
  int &c = counter;
  co_await acme::sleep_for(1);
  ++c;
  co_await acme::resume_on(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine resumes on an acme pool [corosafe-thread-bound-across-suspend]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the coroutine moved to an acme pool here and stays there
  ++c;
  co_await acme::sleep_for(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
}

// Safe: a single-thread loop.
task<void> on_loop() {
  int &c = counter;
  co_await acme::sleep_for(1);
  ++c;
}

int main() {
  acme::pool pool(4);
  acme::loop loop;
  acme::spawn(pool, on_pool());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'on_pool' is spawned here on an acme pool
  acme::spawn(loop, hops(pool));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'hops' is spawned here on a single-thread acme loop
  acme::spawn(loop, on_loop());
  loop.run();
}
