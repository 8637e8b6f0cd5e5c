// A select that ends the session: after it, the coroutine only closes,
// cancels or destroys (option TeardownMethods) and ends. What the loser held
// belonged to the connection that is going away, so losing it is moot: no
// finding ('proxy', 'ws_session'). The same select in a loop, or followed by
// more work, loses data the program still wanted ('proxy_loop',
// 'proxy_then_log'). A message taken from a channel belongs to the program,
// not to the session: its loss is reported even at teardown ('forwarder').
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

#include <iostream>

void remember(int);

awaitable<void> relay(tcp::socket &in, tcp::socket &out) {
  char buf[1024];
  for (;;) {
    std::size_t n = co_await in.async_read_some(net::buffer(buf), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: bytes are read into 'buf' here
    co_await net::async_write(out, net::buffer(buf, n), use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: bytes read into 'buf' by 'async_read_some' are held across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  }
}

// Negative: the control connection's one byte, or the relay's bytes in
// flight, die with the sockets that are closed right after.
awaitable<void> proxy(tcp::socket &control, tcp::socket &a, tcp::socket &b) {
  char one[1];
  co_await (control.async_read_some(net::buffer(one), use_awaitable) ||
            relay(a, b));
  error_code ec;
  a.shutdown(tcp::socket::shutdown_both, ec);
  a.close(ec);
  std::cerr << "session closed: " << ec.message() << "\n";
  b.close();
}

awaitable<void> read_loop(tcp::socket &s, tcp::socket &sink) {
  char frame[256];
  for (;;) {
    std::size_t n = co_await s.async_read_some(net::buffer(frame), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: bytes are read into 'frame' here
    co_await net::async_write(sink, net::buffer(frame, n), use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: bytes read into 'frame' by 'async_read_some' are held across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  }
}

awaitable<void> write_loop(tcp::socket &s, net::steady_timer &ping) {
  for (;;) {
    co_await ping.async_wait(use_awaitable);
    co_await net::async_write(s, net::buffer("ping", 4), use_awaitable);
  }
}

// Negative: a session's read loop raced against its write loop, then the
// socket is closed (awaiting a close-like operation is teardown too).
awaitable<void> ws_session(tcp::socket &s, tcp::socket &sink,
                           net::steady_timer &ping) {
  co_await (read_loop(s, sink) || write_loop(s, ping));
  ping.cancel();
  s.close();
}

// Positive: the select runs again; the next round wanted the data.
awaitable<void> proxy_loop(tcp::socket &a, tcp::socket &b,
                           net::steady_timer &tick) {
  for (;;) {
    co_await (relay(a, b) || tick.async_wait(use_awaitable));
    // CHECK-NOTES-DAG: :[[@LINE-1]]:27: note: 'relay' is an operand of this select ('||'); the operand that loses is cancelled at its current suspension point
  }
}

// Positive: more work follows the select (a call of user code). (The
// finding in 'read_loop' is reported once, with the note of the first select
// that loses its data: this one, not the one in 'ws_session'.)
awaitable<void> proxy_then_log(tcp::socket &a, tcp::socket &b,
                               net::steady_timer &deadline) {
  co_await (read_loop(a, b) || deadline.async_wait(use_awaitable));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:29: note: 'read_loop' is an operand of this select ('||'); the operand that loses is cancelled at its current suspension point
  remember(1);
  a.close();
}

awaitable<void> forward(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:13: note: 'v' takes the value here
    co_await out.async_send(error_code{}, v, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'v' by 'async_receive' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
  }
}

// Positive: the loser holds a message taken from a channel; closing the
// session does not make its loss moot.
awaitable<void> forwarder(IntChannel &in, IntChannel &out, tcp::socket &s) {
  char one[1];
  co_await (s.async_read_some(net::buffer(one), use_awaitable) ||
            forward(in, out));
  // CHECK-NOTES-DAG: :[[@LINE-2]]:64: note: 'forward' is an operand of this select ('||'); the operand that loses is cancelled at its current suspension point
  s.close();
}
