// The operands of '&&' and '||' run at the same time: each is a task of its
// own, nested in the coroutine that awaits the combinator, not a part of it.
// 'pump' runs a producer and a consumer of one channel side by side: that is
// no cycle (before, both operands were folded into 'pump', which then both
// sent to and received from 'jobs'). 'session' runs a reader and a writer of
// one connection in a lambda task, joined by a channel: no cycle either.
// 'duel' races two operands that feed each other through two bounded
// channels, each sending before it receives: a real cycle between the two
// operand tasks.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

int work(int);

awaitable<void> producer(IntChannel &out) {
  for (int i = 0;; ++i)
    co_await out.async_send(error_code{}, i, use_awaitable);
}

awaitable<void> consumer(IntChannel &in) {
  for (;;)
    work(co_await in.async_receive(use_awaitable));
}

awaitable<void> pump(IntChannel &jobs) {
  co_await (producer(jobs) && consumer(jobs));
}

struct Rpc {
  int next();
  void put(int);
};

awaitable<void> reader(Rpc &rpc, IntChannel &replies) {
  for (;;)
    co_await replies.async_send(error_code{}, rpc.next(), use_awaitable);
}

awaitable<void> writer(Rpc &rpc, IntChannel &replies) {
  for (;;)
    rpc.put(co_await replies.async_receive(use_awaitable));
}

awaitable<void> left(IntChannel &mine, IntChannel &theirs) {
  for (int i = 0;; ++i) {
    co_await theirs.async_send(error_code{}, i, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'to_right' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'left' -> 'to_right' -> 'right' -> 'to_left' -> 'left' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'left' sends to 'to_right' (capacity 2) and waits while it is full
    work(co_await mine.async_receive(use_awaitable));
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'left' receives from 'to_left'
  }
}

awaitable<void> right(IntChannel &mine, IntChannel &theirs) {
  for (int i = 0;; ++i) {
    co_await theirs.async_send(error_code{}, i, use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'right' sends to 'to_left' (capacity 2) and waits while it is full
    work(co_await mine.async_receive(use_awaitable));
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'right' receives from 'to_right'
  }
}

awaitable<void> duel(IntChannel &to_left, IntChannel &to_right) {
  co_await (left(to_left, to_right) || right(to_right, to_left));
}

int main() {
  net::io_context io;
  IntChannel jobs(io, 8), replies(io, 1);
  IntChannel to_left(io, 2), to_right(io, 2);
  Rpc rpc;
  net::co_spawn(io, pump(jobs), net::detached);
  net::co_spawn(io, [&]() -> awaitable<void> {
    co_await (reader(rpc, replies) && writer(rpc, replies));
  }, net::detached);
  net::co_spawn(io, duel(to_left, to_right), net::detached);
  io.run();
}
