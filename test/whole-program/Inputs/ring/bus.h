// The channels of the ring, shared by the three stages. Each stage sees only
// its own operations; the ring exists only in the whole program.
#pragma once
#include "asio-compat.h"

struct Bus {
  explicit Bus(const net::any_io_executor &ex)
      : a_to_b(ex, 4), b_to_c(ex, 4), c_to_a(ex, 4) {}
  IntChannel a_to_b;
  IntChannel b_to_c;
  IntChannel c_to_a;
};

int work(int v);
awaitable<void> stage_a(Bus &bus);
awaitable<void> stage_b(Bus &bus);
awaitable<void> stage_c(Bus &bus);
