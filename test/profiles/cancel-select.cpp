// corosafe-cancel-select on a framework known only from a user profile
// (Inputs/acme.yaml): its select 'first_of', its channel, its socket.
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/Inputs/acme.yaml %check-rule %s %t -- -std=c++20 -I%inputs/acme
#include "acme.h"

using acme::task;

void store(int);

// The loser of 'first_of' took a message and holds it across the push.
task<void> relay(acme::channel<int> &in, acme::channel<int> &out) {
  for (;;) {
    int msg = co_await in.pop();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:15: note: 'msg' takes the value here
    co_await out.push(msg);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'msg' by 'pop' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
  }
}

// Bytes read into a frame-local buffer, held across the write.
task<void> copy(acme::socket &from, acme::socket &to) {
  char buf[256];
  for (;;) {
    std::size_t n = co_await from.read_some(buf, sizeof buf);
    co_await to.write(buf, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: bytes read into 'buf' by 'read_some' are held across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
    // CHECK-NOTES-DAG: :[[@LINE-3]]:21: note: bytes are read into 'buf' here
  }
}

// Safe: the message leaves the frame before the next suspension.
task<void> deliver(acme::channel<int> &in) {
  for (;;) {
    int msg = co_await in.pop();
    store(msg);
    co_await acme::sleep_for(10);
  }
}

// Safe: an operand that takes nothing.
task<void> ticker(acme::channel<int> &out) {
  for (;;) {
    co_await out.push(1);
    co_await acme::sleep_for(10);
  }
}

task<void> session(acme::channel<int> &a, acme::channel<int> &b,
                   acme::socket &s, acme::socket &t) {
  co_await acme::first_of(relay(a, b), acme::sleep_for(100));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'relay' is an operand of this select ('first_of'); the operand that loses is cancelled at its current suspension point
  co_await acme::first_of(copy(s, t), acme::sleep_for(100));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'copy' is an operand of this select ('first_of'); the operand that loses is cancelled at its current suspension point
  co_await acme::first_of(deliver(a), ticker(b));
  // 'first_of' returns only the first completion: a message popped by the
  // other operand in the same turn is dropped.
  co_await acme::first_of(a.pop(), b.pop());
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: the message received by 'pop' is lost if both operands of 'first_of' complete in the same turn, because 'first_of' returns only the first completion [corosafe-cancel-select]
  // CHECK-MESSAGES: :[[@LINE-2]]:36: warning: the message received by 'pop' is lost if both operands of 'first_of' complete in the same turn, because 'first_of' returns only the first completion [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-3]]:12: note: select formed here
  co_await acme::any_of(a.pop(), b.pop());
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: the message received by 'pop' is lost if both operands of 'any_of' complete in the same turn, because 'any_of' returns only the winner's index and value [corosafe-cancel-select]
  // CHECK-MESSAGES: :[[@LINE-2]]:34: warning: the message received by 'pop' is lost if both operands of 'any_of' complete in the same turn, because 'any_of' returns only the winner's index and value [corosafe-cancel-select]
}
