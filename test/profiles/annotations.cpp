// The COROSAFE_* marks of include/corosafe/annotations.hpp that say what
// profile rows say (selects, spawns, executors, hops, value flow,
// cancel-safety), on a library no profile names. The worked example
// (test/worked-example/) checks that marks and rows give the same findings;
// this file covers each mark's own cases.
// RUN: %check-rule %s %t -- -std=c++20 -I%src_root/include
#include <corosafe/annotations.hpp>

#include <coroutine>
#include <cstddef>
#include <string>

namespace lib {
template <class T = void> struct task {
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
template <> struct task<void> {
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};

struct Message {
  std::string body;
};
class Client;

// Bodies corosafe does not see.
COROSAFE_CANCEL_UNSAFE task<Message> next(Client &c); // takes a message
task<void> tick();
task<void> send(Client &c, std::string s);

template <class A, class B> COROSAFE_SELECT task<int> race(task<A>, task<B>);
template <class A, class B>
COROSAFE_SELECT_ALL task<int> race_all(task<A>, task<B>);

class COROSAFE_EXECUTOR_SERIAL strand {};
class COROSAFE_EXECUTOR_MULTI workers {};
// The task is the last argument, the executor the first.
template <class Ex, class T> COROSAFE_SPAWN(0, -1) void launch(Ex &, int prio, task<T>);
COROSAFE_HOP(1) task<void> move_to(int prio, workers &w);

struct Digest {
  unsigned char bytes[32];
};
COROSAFE_NO_DATA Digest digest(const Message &m);
COROSAFE_DERIVES_FROM(1) std::string tagged(const Message &m, std::string tag);
} // namespace lib

using lib::task;

// COROSAFE_CANCEL_UNSAFE: the message 'next' took is dropped when 'tick'
// completes in the same turn.
task<void> poll(lib::Client &c) {
  for (;;)
    co_await lib::race(lib::next(c), lib::tick());
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the message received by 'next' is lost if both operands of 'race' complete in the same turn, because 'race' returns only the winner's result [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: select formed here
}

// COROSAFE_CANCEL_SAFE: the author says this coroutine loses nothing when
// it loses (say, it puts the message back when cancelled); unmarked, the
// message it returns would be reported as above.
COROSAFE_CANCEL_SAFE task<lib::Message> next_or_requeue(lib::Client &c) {
  lib::Message m = co_await lib::next(c);
  co_return m;
}

task<void> poll_safe(lib::Client &c) {
  for (;;)
    co_await lib::race(next_or_requeue(c), lib::tick());
}

// COROSAFE_SELECT_ALL: every result comes back; nothing completed is dropped.
task<void> poll_all(lib::Client &c) {
  for (;;)
    co_await lib::race_all(lib::next(c), lib::tick());
}

// A loser holding what 'next' took across a send.
task<void> relay(lib::Client &from, lib::Client &to) {
  for (;;) {
    lib::Message m = co_await lib::next(from);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'm' takes the value here
    co_await lib::send(to, m.body);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'next' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
  }
}

// COROSAFE_NO_DATA / COROSAFE_DERIVES_FROM: a digest and a tag carry none
// of the message (unmarked, both would be reported as held across 'tick').
task<void> audit(lib::Client &from, lib::Client &to) {
  for (;;) {
    lib::Message m = co_await lib::next(from);
    lib::Digest sum = lib::digest(m);
    std::string t = lib::tagged(m, "audit");
    co_await lib::tick();
    co_await lib::send(to, t + std::string(sum.bytes, sum.bytes + 32));
  }
}

task<void> sessions(lib::Client &a, lib::Client &b) {
  co_await lib::race_all(relay(a, b), lib::tick());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'relay' is an operand of this select ('race_all'); the operand that loses is cancelled at its current suspension point
  co_await lib::race_all(audit(a, b), lib::tick());
}

// COROSAFE_EXECUTOR_MULTI + COROSAFE_SPAWN: a thread_local reference used
// after a suspension of a task on the workers.
thread_local int depth;
task<void> worker() {
  int &d = depth;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'd' declared here (it refers to the thread_local 'depth')
  co_await lib::tick();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' refers to the thread_local 'depth' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++d;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'd' is used here after resuming
}

// COROSAFE_EXECUTOR_SERIAL: a strand runs one handler at a time, but not
// always on the same thread: the same hazard.
task<void> on_strand() {
  int &d = depth;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'd' declared here (it refers to the thread_local 'depth')
  co_await lib::tick();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' refers to the thread_local 'depth' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  ++d;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'd' is used here after resuming
}

// Not spawned anywhere known: the executor is unknown, a remark at most.
task<void> elsewhere() {
  co_await lib::tick();
}

void start(lib::workers &w, lib::strand &s) {
  lib::launch(w, 1, worker());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on a multi-thread 'workers'
  lib::launch(s, 1, on_strand());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'on_strand' is spawned here on 'strand' (one thread at a time)
}

// COROSAFE_HOP(1): the coroutine moves to the workers and stays there.
task<void> hops(lib::workers &w) {
  int &d = depth;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'd' declared here (it refers to the thread_local 'depth')
  ++d;
  co_await lib::move_to(0, w);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' refers to the thread_local 'depth' and is used after a suspension point after which the coroutine resumes on a multi-thread 'workers' [corosafe-thread-bound-across-suspend]
  ++d;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'd' is used here after resuming
}
