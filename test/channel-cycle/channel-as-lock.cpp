// A channel of capacity 1 used as a lock: 'async_send' acquires (fills the
// one slot; a second sender waits), 'try_receive' releases. Two sessions
// share it around their writes. Whoever waits in 'async_send' waits for a
// task that needs nothing to release: no wait-for cycle, no finding (before,
// each session was a cycle 'session' -> 'write_lock' -> 'session').
// The same channel used as a lock in 'audit' does not hide a real cycle:
// 'audit' and 'mirror' feed each other through 'left' and 'right'.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

// (void(): asio 1.28's channel<void(std::error_code)> does not compile.)
using Lock = net::experimental::channel<void()>;

int work(int);

awaitable<void> session(tcp::socket &sock, Lock &write_lock) {
  char buf[64] = {};
  for (;;) {
    co_await write_lock.async_send(use_awaitable);
    co_await net::async_write(sock, net::buffer(buf), use_awaitable);
    write_lock.try_receive([](auto...) {});
  }
}

awaitable<void> audit(Lock &write_lock, IntChannel &left, IntChannel &right) {
  for (int i = 0;; ++i) {
    co_await write_lock.async_send(use_awaitable);
    co_await left.async_send(error_code{}, i, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'left' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'audit' -> 'left' -> 'mirror' -> 'right' -> 'audit' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'audit' sends to 'left' (capacity 1) and waits while it is full
    write_lock.try_receive([](auto...) {});
    work(co_await right.async_receive(use_awaitable));
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'audit' receives from 'right'
  }
}

awaitable<void> mirror(IntChannel &left, IntChannel &right) {
  for (;;) {
    int v = co_await left.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'mirror' receives from 'left'
    co_await right.async_send(error_code{}, work(v), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'mirror' sends to 'right' (capacity 1) and waits while it is full
  }
}

int main() {
  net::io_context io;
  Lock write_lock(io, 1);
  IntChannel left(io, 1), right(io, 1);
  tcp::socket a(io), b(io);
  net::co_spawn(io, session(a, write_lock), net::detached);
  net::co_spawn(io, session(b, write_lock), net::detached);
  net::co_spawn(io, audit(write_lock, left, right), net::detached);
  net::co_spawn(io, mirror(left, right), net::detached);
  io.run();
}
