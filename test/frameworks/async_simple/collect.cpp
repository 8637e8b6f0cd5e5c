// async_simple's collectAny returns the first completion. Plain collectAny
// (SignalType::None) cancels nothing: the losers run on, detached, and the
// values they complete with are dropped ('next_or_tick'), but a loser that
// holds a message across a later suspension point is not destroyed there
// and loses nothing ('relay'). collectAny<SignalType::Terminate> terminates
// the losers at their sleeps, timers and future awaits: the same loser is
// reported where it holds the message ('relay_terminate'). collectAll keeps
// every result ('both'). Mailbox is the program's own channel, declared
// with the corosafe annotations (async_simple has none).
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/async_simple -I%src_root/include
#include <async_simple/coro/Collect.h>
#include <async_simple/coro/Lazy.h>
#include <async_simple/coro/Sleep.h>
#include "corosafe/annotations.hpp"

#include <chrono>
#include <string>

using namespace async_simple;
using namespace async_simple::coro;
using namespace std::chrono_literals;

template <class T> class COROSAFE_CHANNEL_BOUNDED Mailbox {
public:
  explicit Mailbox(std::size_t capacity);
  COROSAFE_CHANNEL_SEND Lazy<void> send(T value);
  COROSAFE_CHANNEL_RECEIVE Lazy<T> receive();
};

void handle(const std::string &);
Lazy<void> tick();

Lazy<std::string> fetch(Mailbox<std::string> &in) {
  std::string m = co_await in.receive();
  co_return m;
}

Lazy<void> next_or_tick(Mailbox<std::string> &in) {
  for (;;) {
    auto v = co_await collectAny(fetch(in), tick());
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: the value returned by 'fetch' (taken by 'receive') is lost if both operands of 'collectAny' complete in the same turn, because 'collectAny' returns only the first completion; the others run on and the values they complete with are dropped [corosafe-cancel-select]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:23: note: select formed here
    if (v.index() == 0)
      handle(std::get<0>(v).value());
  }
}

Lazy<void> forward(Mailbox<std::string> &in) {
  for (;;) {
    std::string m = co_await in.receive();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'm' takes the value here
    co_await sleep(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'receive' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
    handle(m);
  }
}

Lazy<void> relay(Mailbox<std::string> &in) {
  co_await collectAny(forward(in), tick());
}

Lazy<void> relay_terminate(Mailbox<std::string> &in) {
  co_await collectAny<SignalType::Terminate>(forward(in), tick());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'forward' is an operand of this 'collectAny'; the losers are terminated at their current suspension point once one completes
}

Lazy<void> both(Mailbox<std::string> &in) {
  auto [m, t] = co_await collectAll(fetch(in), tick());
  handle(m.value());
}
