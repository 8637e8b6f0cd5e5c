// Locals held across suspensions are fine when the coroutine is never an
// operand of a select: nothing can cancel it between take and deliver.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> relay(tcp::socket &in, tcp::socket &out) {
  char buf[1024];
  for (;;) {
    std::size_t n = co_await in.async_read_some(net::buffer(buf), use_awaitable);
    co_await net::async_write(out, net::buffer(buf, n), use_awaitable);
  }
}

awaitable<void> forward(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, v, use_awaitable);
  }
}

awaitable<void> session(tcp::socket &a, tcp::socket &b, IntChannel &x,
                        IntChannel &y) {
  co_await relay(a, b);
  co_await forward(x, y);
}
