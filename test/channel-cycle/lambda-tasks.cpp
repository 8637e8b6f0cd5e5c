// Tasks written as coroutine lambdas that capture the channels by reference:
// the captured names are the channels of the enclosing function, so the two
// lambdas form a ring through 'up' and 'down'. A third lambda only reads.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

int work(int);

void start(net::io_context &io, IntChannel &up, IntChannel &down,
           IntChannel &log) {
  net::co_spawn(io, [&]() -> awaitable<void> {
    for (int i = 0;; ++i) {
      co_await up.async_send(error_code{}, i, use_awaitable);
      // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: send to 'up' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'lambda at line 12' -> 'up' -> 'lambda at line 20' -> 'down' -> 'lambda at line 12' [corosafe-channel-cycle]
      work(co_await down.async_receive(use_awaitable));
      // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'lambda at line 12' receives from 'down'
    }
  }, net::detached);
  net::co_spawn(io, [&]() -> awaitable<void> {
    for (;;) {
      int v = co_await up.async_receive(use_awaitable);
      // CHECK-NOTES-DAG: :[[@LINE-1]]:24: note: 'lambda at line 20' receives from 'up'
      co_await down.async_send(error_code{}, work(v), use_awaitable);
      // CHECK-NOTES-DAG: :[[@LINE-1]]:16: note: 'lambda at line 20' sends to 'down' (capacity 1) and waits while it is full
      co_await log.async_send(error_code{}, v, use_awaitable);
    }
  }, net::detached);
  net::co_spawn(io, [&]() -> awaitable<void> {
    for (;;)
      work(co_await log.async_receive(use_awaitable));
  }, net::detached);
}

int main() {
  net::io_context io;
  IntChannel up(io, 1), down(io, 1), log(io, 64);
  start(io, up, down, log);
  io.run();
}
