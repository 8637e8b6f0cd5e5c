// Two independent ping-pong pairs: two blocking cycles of bounded channels.
#include "asio-compat.h"

int work(int);

awaitable<void> ping(IntChannel &in, IntChannel &out) {
  for (int i = 0;; ++i) {
    co_await out.async_send(error_code{}, i, use_awaitable);
    work(co_await in.async_receive(use_awaitable));
  }
}

awaitable<void> pong(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, work(v), use_awaitable);
  }
}

int main() {
  net::io_context io;
  IntChannel a(io, 4), b(io, 4), c(io, 4), d(io, 4);
  net::co_spawn(io, ping(a, b), net::detached);
  net::co_spawn(io, pong(b, a), net::detached);
  net::co_spawn(io, ping(c, d), net::detached);
  net::co_spawn(io, pong(d, c), net::detached);
  io.run();
}
