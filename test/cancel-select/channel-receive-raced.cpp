// Mechanism 2: asio's '||' returns only the first completion. A channel
// receive raced against a timer, or against another receive, loses the
// received value when both complete in the same turn (asio issue #1041;
// two buffered channels raced in a loop lose about half of their values).
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> against_timer(IntChannel &ch, net::steady_timer &t) {
  auto r = co_await (ch.async_receive(use_awaitable) || t.async_wait(use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the message received by 'async_receive' is lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:54: note: select formed here
  (void)r;
}

awaitable<void> against_receive(IntChannel &a, IntChannel &b) {
  for (;;) {
    auto r = co_await (a.async_receive(use_awaitable) ||
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the message received by 'async_receive' is lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
                       b.async_receive(use_awaitable));
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the message received by 'async_receive' is lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
    (void)r;
  }
}

// A socket read raced against a timeout: bytes read are lost the same way.
awaitable<void> read_with_timeout(tcp::socket &s, net::steady_timer &t) {
  std::array<char, 256> buf;
  auto r = co_await (s.async_read_some(net::buffer(buf), use_awaitable) ||
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the bytes read by 'async_read_some' are lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
                     t.async_wait(use_awaitable));
  (void)r;
}
