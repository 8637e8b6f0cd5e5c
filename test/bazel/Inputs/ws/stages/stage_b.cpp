// Stage B: from A to C, doing the work.
#include <bus/bus.h>

#include "stages/work.h"

awaitable<void> stage_b(Bus &bus) {
  for (;;) {
    int v = co_await bus.a_to_b.async_receive(use_awaitable);
    co_await bus.b_to_c.async_send(error_code{}, work(v), use_awaitable);
  }
}
