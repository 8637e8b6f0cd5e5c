// A composed async_read as an operand of a parallel group with wait_for_one:
// when the timer wins, async_read is cancelled after consuming part of the
// stream, and those bytes are gone. Reported whether or not the results are
// handled. wait_for_all cancels nothing: silent.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> read_header(tcp::socket &s, net::steady_timer &t,
                            std::array<char, 16> &header) {
  auto [order, ec1, n, ec2] =
      co_await net::experimental::make_parallel_group(
          net::async_read(s, net::buffer(header), deferred),
          // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'async_read' is a composed operation that makes partial progress: if the select cancels it before it finishes, the bytes it has already consumed from the stream are lost [corosafe-cancel-select]
          t.async_wait(deferred))
          .async_wait(net::experimental::wait_for_one(), use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'async_read' is an operand of this parallel group with wait_for_one; the operations that do not win are cancelled at their current suspension point
  if (order[0] == 0 && !ec1)
    co_return;
  (void)n;
  (void)ec2;
}

awaitable<void> write_all(tcp::socket &s, net::steady_timer &t,
                          const std::string &data) {
  auto [order, ec1, n, ec2] =
      co_await net::experimental::make_parallel_group(
          [&](auto token) { return net::async_write(s, net::buffer(data), token); },
          // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'async_write' is a composed operation that makes partial progress: if the select cancels it before it finishes, the stream is left partially written [corosafe-cancel-select]
          [&](auto token) { return t.async_wait(token); })
          .async_wait(net::experimental::wait_for_one_error(), use_awaitable);
  (void)order; (void)ec1; (void)n; (void)ec2;
}

awaitable<void> both(tcp::socket &s, net::steady_timer &t,
                     std::array<char, 16> &header) {
  // wait_for_all: nothing is cancelled, nothing is lost.
  auto [order, ec1, n, ec2] =
      co_await net::experimental::make_parallel_group(
          net::async_read(s, net::buffer(header), deferred),
          t.async_wait(deferred))
          .async_wait(net::experimental::wait_for_all(), use_awaitable);
  (void)order; (void)ec1; (void)n; (void)ec2;
}
