#include "asio-compat.h"

awaitable<void> run(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
  co_await (b.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}

awaitable<void> other(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}
