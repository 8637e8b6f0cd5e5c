// libunifex's when_any keeps the first value (std::call_once) and stops the
// others: two receives raced directly lose a message when both complete
// ('either'), as does a task returning what it received ('next_or_timeout').
// stop_when(source, trigger) always completes with the source's own result:
// nothing the source produced is dropped ('until'); but it stops the source,
// and a source that holds a received message, or items derived from it,
// across a later send loses them ('relay'). The I/O is the scenarios' own
// library (Inputs/net.yaml): libunifex takes no data itself.
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/../Inputs/net.yaml %check-rule %s %t -- -std=c++20 -I%inputs/unifex
#include <unifex/stop_when.hpp>
#include <unifex/task.hpp>
#include <unifex/when_all.hpp>
#include <unifex/when_any.hpp>

#include <string>
#include <vector>

namespace net {
// Senders of the I/O library (the stand-in's sender of one value type).
unifex::__sender<std::string> recv(int fd);
unifex::__sender<void> send(int fd, std::string m);
unifex::__sender<void> sleep_for(int ms);
} // namespace net

void handle(const std::string &);
std::vector<std::string> split(const std::string &);

unifex::task<void> either(int a, int b) {
  std::string m = co_await unifex::when_any(net::recv(a), net::recv(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: the message received by 'recv' is lost if both operands of 'when_any' complete in the same turn, because 'when_any' keeps only the first value (std::call_once) and stops the others; a second value is dropped [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:28: note: select formed here
  // CHECK-MESSAGES: :[[@LINE-3]]:59: warning: the message received by 'recv' is lost if both operands of 'when_any' complete in the same turn, because 'when_any' keeps only the first value (std::call_once) and stops the others; a second value is dropped [corosafe-cancel-select]
  handle(m);
}

unifex::task<std::string> receive(int fd) {
  std::string m = co_await net::recv(fd);
  co_return m;
}

unifex::task<std::string> timeout_marker() {
  co_await net::sleep_for(100);
  co_return std::string();
}

unifex::task<void> next_or_timeout(int fd) {
  handle(co_await unifex::when_any(receive(fd), timeout_marker()));
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: the value returned by 'receive' (taken by 'recv') is lost if both operands of 'when_any' complete in the same turn, because 'when_any' keeps only the first value (std::call_once) and stops the others; a second value is dropped [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:19: note: select formed here
}

// Safe: the source's value is always what stop_when completes with.
unifex::task<void> until(int fd) {
  handle(co_await unifex::stop_when(receive(fd), net::sleep_for(100)));
  handle(co_await (receive(fd) | unifex::stop_when(net::sleep_for(100))));
}

unifex::task<void> forward(int in, int out) {
  for (;;) {
    std::string m = co_await net::recv(in);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'm' takes the value here
    std::vector<std::string> items = split(m);
    co_await net::send(out, m);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'recv' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
    co_await net::send(out, items.front());
  }
}

unifex::task<void> relay(int in, int out) {
  co_await unifex::stop_when(forward(in, out), net::sleep_for(1000));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'forward' is an operand of this 'stop_when', which requests stop on it when the other completes first
}

unifex::task<void> batch(int in, int out) {
  std::string m = co_await net::recv(in);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'm' takes the value here
  std::vector<std::string> items = split(m);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:28: note: 'items' is derived from 'm' here
  co_await net::sleep_for(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: data derived from the value taken into 'm' by 'recv' is held in 'items' across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  for (const std::string &i : items)
    co_await net::send(out, i);
}

unifex::task<void> batches(int in, int out) {
  co_await unifex::when_any(batch(in, out), net::sleep_for(1000));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'batch' is an operand of this 'when_any'; the operands that lose are stopped at their current suspension point
}

// Safe: every value is kept (when_all stops the others only on failure).
unifex::task<void> both(int a, int b) {
  auto all = co_await unifex::when_all(net::recv(a), net::recv(b));
  (void)all;
}
