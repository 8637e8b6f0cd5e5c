#include "asio-compat.h"

awaitable<void> run(IntChannel &a, net::steady_timer &t) {
  // corosafe: ignore[corosafe-cancel-select] the channel is drained on shutdown
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}
