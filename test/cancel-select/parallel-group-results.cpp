// make_parallel_group returns every operand's result: nothing is lost as long
// as the code looks at the result of each data-producing operand, also when
// it did not win. Ignoring it (an unused binding, a discarded co_await)
// throws the data away.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

void consume(int);

// Handled: both receives' values are used, whichever won.
awaitable<void> handled(IntChannel &a, IntChannel &b) {
  for (;;) {
    auto [order, ea, va, eb, vb] =
        co_await net::experimental::make_parallel_group(
            a.async_receive(deferred), b.async_receive(deferred))
            .async_wait(net::experimental::wait_for_one(), use_awaitable);
    if (!ea)
      consume(va);
    if (!eb)
      consume(vb);
    (void)order;
  }
}

// Ignored: 'vb' is never read, so a value b delivered while a won is lost.
awaitable<void> ignored(IntChannel &a, IntChannel &b) {
  for (;;) {
    auto [order, ea, va, eb, vb] =
        co_await net::experimental::make_parallel_group(
            a.async_receive(deferred), b.async_receive(deferred))
            // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: the message received by 'async_receive' is ignored: when this operation completes but another one wins the parallel group, the data it took is lost [corosafe-cancel-select]
            .async_wait(net::experimental::wait_for_one(), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-5]]:30: note: its result is bound to 'vb', which is never used
    if (order[0] == 0 && !ea)
      consume(va);
    (void)eb;
  }
}

// Discarded outright: a timer raced with a receive whose value nobody reads.
awaitable<void> discarded(IntChannel &a, net::steady_timer &t) {
  (void)co_await net::experimental::make_parallel_group(
      a.async_receive(deferred), t.async_wait(deferred))
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the message received by 'async_receive' is ignored: when this operation completes but another one wins the parallel group, the data it took is lost [corosafe-cancel-select]
      .async_wait(net::experimental::wait_for_one(), use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-4]]:9: note: the results of the group are discarded here
}

// A lambda operand: its completion signature comes from asio's probe.
awaitable<void> lambda_handled(tcp::socket &s, net::steady_timer &t) {
  std::array<char, 64> buf;
  auto [order, e1, n, e2] =
      co_await net::experimental::make_parallel_group(
          [&](auto token) { return s.async_read_some(net::buffer(buf), token); },
          [&](auto token) { return t.async_wait(token); })
          .async_wait(net::experimental::wait_for_one(), use_awaitable);
  if (!e1)
    consume(buf[0] + static_cast<int>(n));
  (void)order; (void)e2;
}
