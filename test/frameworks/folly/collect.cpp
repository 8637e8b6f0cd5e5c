// folly::coro's collectAny returns the first result and discards the
// others' values ('next_or_tick', 'first_of_two'); collectAnyNoDiscard
// returns every result ('keeps_all'). timeout discards a value that arrives
// after the timer fired, which folly's BoundedQueue.h warns about
// ('dequeue_or_timeout'); timeoutNoDiscard and co_try_dequeue_for do not.
// A task that holds a message across an enqueue when it loses is reported
// where it holds it ('forward'). collectAll cancels the others only when one
// throws, and is off by default (AndOperator). The old include path
// folly/experimental/coro/ names the same declarations.
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/folly
#include <folly/experimental/coro/BoundedQueue.h>
#include <folly/experimental/coro/Collect.h>
#include <folly/coro/Task.h>
#include <folly/coro/Timeout.h>

#include <chrono>
#include <string>

namespace coro = folly::coro;
using namespace std::chrono_literals;

void handle(const std::string &);
coro::Task<std::string> tick(); // a heartbeat message
coro::Task<void> idle();

coro::Task<std::string> receive(coro::BoundedQueue<std::string> &in) {
  std::string m = co_await in.dequeue();
  co_return m;
}

coro::Task<void> next_or_tick(coro::BoundedQueue<std::string> &in) {
  for (;;) {
    auto [index, result] = co_await coro::collectAny(receive(in), tick());
    // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: the value returned by 'receive' (taken by 'dequeue') is lost if both operands of 'collectAny' complete in the same turn, because 'collectAny' returns only the first result and discards the others' values [corosafe-cancel-select]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:37: note: select formed here
    if (index == 0)
      handle(result.value());
  }
}

coro::Task<void> first_of_two(coro::BoundedQueue<std::string> &a,
                              coro::BoundedQueue<std::string> &b) {
  auto r = co_await coro::collectAny(a.dequeue(), b.dequeue());
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: the message received by 'dequeue' is lost if both operands of 'collectAny' complete in the same turn, because 'collectAny' returns only the first result and discards the others' values [corosafe-cancel-select]
  // CHECK-MESSAGES: :[[@LINE-2]]:51: warning: the message received by 'dequeue' is lost if both operands of 'collectAny' complete in the same turn, because 'collectAny' returns only the first result and discards the others' values [corosafe-cancel-select]
  handle(r.second.value());
}

coro::Task<void> keeps_all(coro::BoundedQueue<std::string> &in) {
  auto [m, t] = co_await coro::collectAnyNoDiscard(receive(in), tick());
  if (m.hasValue())
    handle(m.value());
}

coro::Task<void> dequeue_or_timeout(coro::BoundedQueue<std::string> &in) {
  std::string m = co_await coro::timeout(in.dequeue(), 100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: the message received by 'dequeue' is lost if both operands of 'timeout' complete in the same turn, because 'timeout' discards a value that arrives after the timer fired [corosafe-cancel-select]
  handle(m);
  std::string n = co_await coro::timeoutNoDiscard(in.dequeue(), 100ms);
  handle(n);
  std::string o = co_await in.co_try_dequeue_for(100ms);
  handle(o);
}

coro::Task<void> forward(coro::BoundedQueue<std::string> &in,
                         coro::BoundedQueue<std::string> &out) {
  for (;;) {
    std::string m = co_await in.dequeue();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'm' takes the value here
    co_await out.enqueue(m);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'dequeue' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
  }
}

coro::Task<void> relay(coro::BoundedQueue<std::string> &in,
                       coro::BoundedQueue<std::string> &out) {
  co_await coro::collectAny(forward(in, out), idle());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'forward' is an operand of this 'collectAny'; the others are cancelled at their current suspension point once one finishes
  co_await coro::collectAll(forward(in, out), idle());
}
