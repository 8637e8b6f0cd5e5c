// A loser of '||' holds bytes it read across a suspension: one
// corosafe-cancel-select finding, which only a plugin running in the
// clang-tidy it was built for reports.
#include "asio-compat.h"

awaitable<void> relay(tcp::socket &in, tcp::socket &out) {
  char buf[256];
  for (;;) {
    std::size_t n = co_await in.async_read_some(net::buffer(buf), use_awaitable);
    co_await net::async_write(out, net::buffer(buf, n), use_awaitable);
  }
}

awaitable<void> session(tcp::socket &in, tcp::socket &out,
                        net::steady_timer &deadline) {
  co_await (relay(in, out) || deadline.async_wait(use_awaitable));
}
