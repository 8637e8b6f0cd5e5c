// Operands that take no data lose nothing when cancelled: a timer wait, a
// send, a coroutine whose locals hold no taken data across a suspension.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> heartbeat(net::steady_timer &t, IntChannel &out) {
  for (int i = 0;; ++i) {
    t.expires_after(std::chrono::seconds(1));
    co_await t.async_wait(use_awaitable);
    co_await out.async_send(error_code{}, i, use_awaitable);
  }
}

awaitable<void> run(net::steady_timer &a, net::steady_timer &b,
                    IntChannel &out) {
  co_await (a.async_wait(use_awaitable) || b.async_wait(use_awaitable));
  co_await (heartbeat(a, out) || b.async_wait(use_awaitable));
  co_await (out.async_send(error_code{}, 1, use_awaitable) ||
            b.async_wait(use_awaitable));
}
