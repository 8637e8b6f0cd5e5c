// A ring of three stages in which one stage uses try_send: it never waits
// for room (it drops or counts what does not fit), so the ring cannot lock.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

int work(int);
void dropped(int);

awaitable<void> stage(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, work(v), use_awaitable);
  }
}

awaitable<void> lossy_stage(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    if (!out.try_send(error_code{}, work(v)))
      dropped(v);
  }
}

int main() {
  net::io_context io;
  IntChannel a(io, 8), b(io, 8), c(io, 8);
  net::co_spawn(io, stage(a, b), net::detached);
  net::co_spawn(io, stage(b, c), net::detached);
  net::co_spawn(io, lossy_stage(c, a), net::detached);
  io.run();
}
