// The same two-task ring, but each task races its send against a receive of
// its own input in a parallel group: while the send waits for room, the task
// keeps draining the channel that feeds it, so the ring cannot lock up.
// Every result of the group is handled, so no data is lost either.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

void consume(int);

awaitable<void> peer(IntChannel &in, IntChannel &out) {
  for (int i = 0;; ++i) {
    auto [order, es, er, v] =
        co_await net::experimental::make_parallel_group(
            out.async_send(error_code{}, i, deferred),
            in.async_receive(deferred))
            .async_wait(net::experimental::wait_for_one(), use_awaitable);
    if (!er)
      consume(v);
    (void)order;
    (void)es;
  }
}

int main() {
  net::io_context io;
  IntChannel ab(io, 2), ba(io, 2);
  net::co_spawn(io, peer(ba, ab), net::detached);
  net::co_spawn(io, peer(ab, ba), net::detached);
  io.run();
}
