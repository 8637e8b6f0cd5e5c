// Two tasks send to each other through two bounded channels: when both
// buffers are full, each waits in async_send for the other to receive, and
// neither ever does. The smallest cycle the rule reports.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
// asio as user code (a copy vendored on a plain -I): its namespace is a
// profile's, never analyzed; the same finding through both front ends.
// RUN: %check-rule %s %t.vendored -- %asio-flags --no-system-header-prefix=asio/
#include "asio-compat.h"

int work(int);

awaitable<void> ping(IntChannel &in, IntChannel &out) {
  for (int i = 0;; ++i) {
    co_await out.async_send(error_code{}, i, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'to_pong' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'ping' -> 'to_pong' -> 'pong' -> 'to_ping' -> 'ping' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'ping' sends to 'to_pong' (capacity 4) and waits while it is full
    int v = co_await in.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'ping' receives from 'to_ping'
    work(v);
  }
}

awaitable<void> pong(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'pong' receives from 'to_pong'
    co_await out.async_send(error_code{}, work(v), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'pong' sends to 'to_ping' (capacity 4) and waits while it is full
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
