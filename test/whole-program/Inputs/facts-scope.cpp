// The facts of a TU keep what may lead to a channel operation
// (facts-scope.test): the coroutines and what they call on the way to one.
#include "asio-compat.h"

// Reaches nothing: left out of the facts.
int checksum(const char *p, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += p[i];
  return s;
}

// Defined in another TU, which may give it channel operations: kept, and so
// is its caller.
void audit_log(int);
void note_progress(int n) { audit_log(checksum("n", n)); }

awaitable<void> ping(IntChannel &in, IntChannel &out) {
  for (int i = 0;; ++i) {
    note_progress(i);
    co_await out.async_send(error_code{}, checksum("p", i), use_awaitable);
    co_await in.async_receive(use_awaitable);
  }
}

awaitable<void> pong(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, v, use_awaitable);
  }
}

int main() {
  net::io_context io;
  IntChannel to_pong(io, 4);
  IntChannel to_ping(io.get_executor(), 4);
  net::co_spawn(io, ping(to_ping, to_pong), net::detached);
  net::co_spawn(io, pong(to_pong, to_ping), net::detached);
  io.run();
}
