// Stage C, non-blocking: when A is behind, the value is dropped instead of
// waiting, so the ring cannot lock up.
#include "bus.h"

void dropped(int v);

awaitable<void> stage_c(Bus &bus) {
  for (;;) {
    int v = co_await bus.b_to_c.async_receive(use_awaitable);
    if (!bus.c_to_a.try_send(error_code{}, work(v)))
      dropped(v);
  }
}
