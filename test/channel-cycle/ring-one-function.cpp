// One coroutine spawned three times with its channels rotated forms a ring:
// each spawn binds the coroutine's parameters to other channels, and the
// analysis keeps the three tasks apart.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

int work(int);

awaitable<void> forward(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'forward spawned at ring-one-function.cpp:32' receives from 'b'
    co_await out.async_send(error_code{}, work(v), use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'b' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'forward spawned at ring-one-function.cpp:31' -> 'b' -> 'forward spawned at ring-one-function.cpp:32' -> 'c' -> 'forward spawned at ring-one-function.cpp:33' -> 'a' -> 'forward spawned at ring-one-function.cpp:31' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'forward spawned at ring-one-function.cpp:31' sends to 'b' (capacity 2) and waits while it is full
    // CHECK-NOTES-DAG: :[[@LINE-3]]:14: note: 'forward spawned at ring-one-function.cpp:32' sends to 'c' (capacity 2) and waits while it is full
    // CHECK-NOTES-DAG: :[[@LINE-4]]:14: note: 'forward spawned at ring-one-function.cpp:33' sends to 'a' (capacity 2) and waits while it is full
  }
}

// Not spawned in a ring: a lone task on its own channel is no cycle.
awaitable<void> lonely(IntChannel &in) {
  for (;;)
    work(co_await in.async_receive(use_awaitable));
}

int main() {
  net::io_context io;
  IntChannel a(io, 2), b(io, 2), c(io, 2), d(io, 2);
  net::co_spawn(io, forward(a, b), net::detached);
  net::co_spawn(io, forward(b, c), net::detached);
  net::co_spawn(io, forward(c, a), net::detached);
  net::co_spawn(io, lonely(d), net::detached);
  io.run();
}
