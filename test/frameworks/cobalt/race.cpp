// Boost.Cobalt's race returns only the winner's result. Racing channel reads
// directly loses nothing: a read claims the race before it takes the value
// ('pick'). A task that receives a message and returns it, raced against a
// timer-like task, loses the message when both are ready ('next_or_tick');
// a task that holds a message across a write when it loses is reported
// where it holds it ('forward'). join cancels the others only when one
// throws, and is off by default (AndOperator).
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cobalt
#include <boost/cobalt.hpp>

#include <string>

namespace cobalt = boost::cobalt;

void handle(const std::string &);
cobalt::task<void> tick();

cobalt::task<void> pick(cobalt::channel<std::string> &a,
                        cobalt::channel<std::string> &b) {
  for (;;) {
    auto v = co_await cobalt::race(a.read(), b.read());
    if (v.index() == 0)
      handle(std::get<0>(v));
    else
      handle(std::get<1>(v));
  }
}

cobalt::promise<std::string> receive(cobalt::channel<std::string> &in) {
  std::string m = co_await in.read();
  co_return m;
}

cobalt::task<void> next_or_tick(cobalt::channel<std::string> &in) {
  for (;;) {
    auto v = co_await cobalt::race(receive(in), tick());
    // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: the value returned by 'receive' (taken by 'read') is lost if both operands of 'race' complete in the same turn, because 'race' returns only the winner's result (among operands that are ready at once it picks one at random) [corosafe-cancel-select]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:23: note: select formed here
    if (v.index() == 0)
      handle(std::get<0>(v));
  }
}

cobalt::promise<void> forward(cobalt::channel<std::string> &in,
                              cobalt::channel<std::string> &out) {
  for (;;) {
    std::string m = co_await in.read();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'm' takes the value here
    co_await out.write(m);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'read' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
  }
}

cobalt::task<void> relay(cobalt::channel<std::string> &in,
                         cobalt::channel<std::string> &out) {
  co_await cobalt::race(forward(in, out), tick());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'forward' is an operand of this 'race'; the operands that lose are cancelled at their current suspension point
  co_await cobalt::join(forward(in, out), tick());
}
