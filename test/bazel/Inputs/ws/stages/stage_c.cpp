// Stage C: from B back to A, which closes the ring.
#include <bus/bus.h>

awaitable<void> stage_c(Bus &bus) {
  for (;;) {
    int v = co_await bus.b_to_c.async_receive(use_awaitable);
    co_await bus.c_to_a.async_send(error_code{}, v, use_awaitable);
  }
}
