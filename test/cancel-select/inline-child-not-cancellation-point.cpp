// A co_await of a coroutine that never suspends (its only await asks for
// the executor) is not a cancellation point: the loser cannot be cancelled
// there, so the value is reported at the send that follows, not at the
// inline child.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<int> sequence_number() {
  auto ex = co_await net::this_coro::executor;
  (void)ex;
  co_return 1;
}

awaitable<void> stamp(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    int seq = co_await sequence_number();
    co_await out.async_send(error_code{}, v + seq, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'v' by 'async_receive' is held across this suspension point
  }
}

awaitable<void> run(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  co_await (stamp(a, b) || t.async_wait(use_awaitable));
}
