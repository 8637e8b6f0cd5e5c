// Stage A feeds B and takes C's output back: the first stage of the ring.
#include <bus/bus.h>

awaitable<void> stage_a(Bus &bus) {
  for (int i = 0;; ++i) {
    co_await bus.a_to_b.async_send(error_code{}, i, use_awaitable);
    int v = co_await bus.c_to_a.async_receive(use_awaitable);
    (void)v;
  }
}

int main() {
  net::io_context io;
  Bus bus(io.get_executor());
  net::co_spawn(io, stage_a(bus), net::detached);
  net::co_spawn(io, stage_b(bus), net::detached);
  net::co_spawn(io, stage_c(bus), net::detached);
  io.run();
}
