// A three-stage pipeline: source -> filter -> sink. Every send blocks and
// every channel is bounded, but nothing flows back, so a full buffer only
// slows the stages upstream of it: no cycle, nothing to report.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

int work(int);

awaitable<void> source(IntChannel &out) {
  for (int i = 0;; ++i)
    co_await out.async_send(error_code{}, i, use_awaitable);
}

awaitable<void> filter(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, work(v), use_awaitable);
  }
}

awaitable<void> sink(IntChannel &in) {
  for (;;)
    work(co_await in.async_receive(use_awaitable));
}

int main() {
  net::io_context io;
  IntChannel a(io, 1), b(io, 1);
  net::co_spawn(io, source(a), net::detached);
  net::co_spawn(io, filter(a, b), net::detached);
  net::co_spawn(io, sink(b), net::detached);
  io.run();
}
