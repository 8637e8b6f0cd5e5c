// A datagram held across three later suspension points is one lost value:
// one finding, at the first of them. A datagram delivered before the next
// suspension is no loss at all.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

using udp = net::ip::udp;

void use(const char *, std::size_t);

awaitable<void> pump(udp::socket &s, net::steady_timer &t) {
  char dgram[512];
  for (;;) {
    std::size_t n = co_await s.async_receive(net::buffer(dgram), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: bytes are read into 'dgram' here
    co_await t.async_wait(use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: bytes read into 'dgram' by 'async_receive' are held across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
    co_await t.async_wait(use_awaitable);
    co_await t.async_wait(use_awaitable);
    use(dgram, n);
  }
}

awaitable<void> pump_delivered(udp::socket &s, net::steady_timer &t) {
  char dgram[512];
  for (;;) {
    std::size_t n = co_await s.async_receive(net::buffer(dgram), use_awaitable);
    use(dgram, n);
    co_await t.async_wait(use_awaitable);
    co_await t.async_wait(use_awaitable);
  }
}

awaitable<void> run(udp::socket &s, net::steady_timer &t,
                    net::steady_timer &deadline) {
  for (;;) {
    co_await (pump(s, t) || deadline.async_wait(use_awaitable));
    // CHECK-NOTES-DAG: :[[@LINE-1]]:26: note: 'pump' is an operand of this select ('||'); the operand that loses is cancelled at its current suspension point
    co_await (pump_delivered(s, t) || deadline.async_wait(use_awaitable));
  }
}
