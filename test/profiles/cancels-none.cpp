// Select rows with 'cancels: none' (the losers run on: nothing is
// destroyed at a suspension point, so no held-value finding; what
// 'results' drops is still reported), 'when-template-argument0' (a row for
// one instantiation: either_or_stop<stop::yes> cancels the losers), a spawn
// row with 'object-is-task' and 'async-mutexes' (a lock guard over such a
// mutex is not thread-bound), from a user profile (Inputs/cancels-none.yaml)
// next to Inputs/acme.yaml.
// RUN: env CHECK_RULE_OPTIONS="corosafe.Profiles=%S/Inputs/acme.yaml;%S/Inputs/cancels-none.yaml" %check-rule %s %t -- -std=c++20 -I%inputs/acme
#include "acme.h"

#include <mutex>

using acme::task;

namespace lib {
/// Starts both; returns the first completion; the other runs on, detached.
template <class A, class B> task<int> either(task<A> a, task<B> b);
enum stop { no, yes };
/// Like either, but with stop::yes the loser is stopped where it waits.
template <stop S = no, class A, class B> task<int> either_or_stop(task<A> a, task<B> b);
/// A coroutine type whose object starts it: job().on(pool) runs it there.
class job {
public:
  struct promise_type {
    job get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  void on(acme::pool &p) &&;
};
class async_mutex {
public:
  void lock();
  void unlock();
};
} // namespace lib

void store(int);

task<int> receive(acme::channel<int> &in) {
  int msg = co_await in.pop();
  co_return msg;
}

// Holds the message across the push: harmless when nothing cancels it.
task<void> relay(acme::channel<int> &in, acme::channel<int> &out) {
  for (;;) {
    int msg = co_await in.pop();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:15: note: 'msg' takes the value here
    co_await out.push(msg);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'msg' by 'pop' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
  }
}

task<void> session(acme::channel<int> &a, acme::channel<int> &b) {
  co_await lib::either(relay(a, b), acme::sleep_for(100));
  co_await lib::either(receive(a), acme::sleep_for(100));
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the value returned by 'receive' (taken by 'pop') is lost if both operands of 'either' complete in the same turn, because 'either' returns only the first completion; the other runs on and its value is dropped [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:12: note: select formed here
  co_await lib::either_or_stop(relay(a, b), acme::sleep_for(100));
  co_await lib::either_or_stop(receive(a), acme::sleep_for(100));
  co_await lib::either_or_stop<lib::yes>(relay(a, b), acme::sleep_for(100));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'relay' is an operand of this select ('either_or_stop<yes>'); the operand that loses is cancelled at its current suspension point
}

thread_local int counter;
lib::async_mutex amu;
std::mutex mu;

lib::job worker() {
  int &c = counter;
  co_await acme::sleep_for(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++c;
  std::unique_lock<lib::async_mutex> l(amu);
  co_await acme::sleep_for(1);
  std::unique_lock<std::mutex> g(mu);
  co_await acme::sleep_for(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'g' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
}

int main() {
  acme::pool pool(4);
  worker().on(pool);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on an acme pool
}
