#include "asio-compat.h"

awaitable<void> forward(IntChannel &in, IntChannel &out) {
  int v = co_await in.async_receive(use_awaitable);
  co_await out.async_send(error_code{}, v, use_awaitable);
}

awaitable<void> both(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  co_await (forward(a, b) && t.async_wait(use_awaitable));
}
