// A loser of '||' reads into a local buffer, then suspends to send it on:
// cancelled at the send, the bytes already read are lost.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> relay(tcp::socket &in, tcp::socket &out) {
  char buf[1024];
  for (;;) {
    std::size_t n = co_await in.async_read_some(net::buffer(buf), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: bytes are read into 'buf' here
    co_await net::async_write(out, net::buffer(buf, n), use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: bytes read into 'buf' by 'async_read_some' are held across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  }
}

awaitable<void> session(tcp::socket &in, tcp::socket &out,
                        net::steady_timer &deadline) {
  co_await (relay(in, out) || deadline.async_wait(use_awaitable));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:28: note: 'relay' is an operand of this select ('||'); the operand that loses is cancelled at its current suspension point
}
