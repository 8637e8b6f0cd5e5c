// stdexec's exec::when_any keeps the first completion and requests stop on
// the others; a value completed later is dropped. Two receives raced
// directly lose a message when both complete ('either'); a task that
// returns what it received loses it the same way ('next_or_timeout'); a
// loser that holds a received message, or items derived from it, across a
// later send loses them when it is stopped ('relay'). when_all keeps every
// value and stops the others only on failure (AndOperator, off by default).
// The I/O is the scenarios' own library (Inputs/net.yaml): stdexec takes no
// data itself. Both layouts: experimental::execution (exec an alias of it)
// and the older namespace exec (nvhpc-25.09).
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/../Inputs/net.yaml %check-rule %s %t -- -std=c++20 -I%inputs/stdexec
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/../Inputs/net.yaml %check-rule %s %t.2509 -- -std=c++20 -DCOROSAFE_STDEXEC_2509 -I%inputs/stdexec
#include <exec/task.hpp>
#include <exec/when_any.hpp>
#include <stdexec/execution.hpp>

#include <string>
#include <vector>

namespace net {
// Senders of the I/O library (the stand-in's sender of one value type).
stdexec::__sender<std::string> recv(int fd);
stdexec::__sender<void> send(int fd, std::string m);
stdexec::__sender<void> sleep_for(int ms);
} // namespace net

void handle(const std::string &);
std::vector<std::string> split(const std::string &);

exec::task<void> either(int a, int b) {
  std::string m = co_await exec::when_any(net::recv(a), net::recv(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: the message received by 'recv' is lost if both operands of 'when_any' complete in the same turn, because 'when_any' keeps only the first completion and requests stop on the others; a value completed later is dropped [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:28: note: select formed here
  // CHECK-MESSAGES: :[[@LINE-3]]:57: warning: the message received by 'recv' is lost if both operands of 'when_any' complete in the same turn, because 'when_any' keeps only the first completion and requests stop on the others; a value completed later is dropped [corosafe-cancel-select]
  handle(m);
}

exec::task<std::string> receive(int fd) {
  std::string m = co_await net::recv(fd);
  co_return m;
}

exec::task<std::string> timeout_marker() {
  co_await net::sleep_for(100);
  co_return std::string();
}

exec::task<void> next_or_timeout(int fd) {
  handle(co_await exec::when_any(receive(fd), timeout_marker()));
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: the value returned by 'receive' (taken by 'recv') is lost if both operands of 'when_any' complete in the same turn, because 'when_any' keeps only the first completion and requests stop on the others; a value completed later is dropped [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:19: note: select formed here
}

exec::task<void> forward(int in, int out) {
  for (;;) {
    std::string m = co_await net::recv(in);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'm' takes the value here
    std::vector<std::string> items = split(m);
    co_await net::send(out, m);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'recv' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
    co_await net::send(out, items.front());
  }
}

exec::task<void> relay(int in, int out) {
  co_await exec::when_any(forward(in, out), net::sleep_for(1000));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'forward' is an operand of this 'when_any'; stop is requested on the operands that lose, at their current suspension point
}

exec::task<void> batch(int in, int out) {
  std::string m = co_await net::recv(in);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'm' takes the value here
  std::vector<std::string> items = split(m);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:28: note: 'items' is derived from 'm' here
  co_await net::sleep_for(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: data derived from the value taken into 'm' by 'recv' is held in 'items' across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  for (const std::string &i : items)
    co_await net::send(out, i);
}

exec::task<void> batches(int in, int out) {
  co_await exec::when_any(batch(in, out), net::sleep_for(1000));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'batch' is an operand of this 'when_any'; stop is requested on the operands that lose, at their current suspension point
}

// Safe: every value is kept.
exec::task<void> both(int a, int b) {
  auto [x, y] = co_await stdexec::when_all(net::recv(a), net::recv(b));
  handle(x);
  handle(y);
}

// Safe: nothing is taken by the operands.
exec::task<void> idle() {
  co_await exec::when_any(net::sleep_for(1), net::sleep_for(2));
}
