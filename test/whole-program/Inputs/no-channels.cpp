// Coroutines and plain functions that touch no channel: the graph builds no
// task instance for them (several roots here would exceed a bound of one).
#include "asio-compat.h"

int step(int x) { return x + 1; }

awaitable<int> leaf(int x) { co_return step(x); }

awaitable<void> middle() {
  int v = co_await leaf(1);
  step(v);
}

awaitable<void> other() { co_await middle(); }

int main() {
  net::io_context io;
  net::co_spawn(io, middle(), net::detached);
  net::co_spawn(io, other(), net::detached);
  io.run();
}
