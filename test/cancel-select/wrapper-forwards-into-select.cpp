// A helper that races an operation it is given against a stop signal and
// returns the value is itself a data-producing operation. In the helper, the
// path that leaves when the stop signal won drops a message that completed
// in the same turn ('or_stop'); a caller that races the helper's value in
// '||' can lose it ('consume'). A helper that checks the message's own error
// instead of the completion order keeps it ('or_stop_checked'), and a caller
// that awaits the helper alone loses nothing ('consume_alone').
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

#include <optional>

void handle(const std::string &);

template <class Op>
awaitable<std::optional<std::string>> or_stop(Op op, net::steady_timer &stop) {
  auto [order, ec, msg, stop_ec] =
      co_await net::experimental::make_parallel_group(
          std::move(op), stop.async_wait(deferred))
          // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the result of the forwarded operation 'op' is dropped on the path where another operand wins the parallel group: when this operation completed too, the data it took is lost [corosafe-cancel-select]
          .async_wait(net::experimental::wait_for_one(), use_awaitable);
          // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'op' is an operand of this parallel group with wait_for_one; the operations that do not win are cancelled at their current suspension point
  if (order[0] == 1)
    // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: when another operand wins, this path leaves without using 'msg'
    co_return std::nullopt;
  (void)stop_ec;
  if (ec)
    co_return std::nullopt;
  co_return msg;
}

template <class Op>
awaitable<std::optional<std::string>> or_stop_checked(Op op,
                                                      net::steady_timer &stop) {
  auto [order, ec, msg, stop_ec] =
      co_await net::experimental::make_parallel_group(
          std::move(op), stop.async_wait(deferred))
          .async_wait(net::experimental::wait_for_one(), use_awaitable);
  (void)order;
  (void)stop_ec;
  if (ec)
    co_return std::nullopt;
  co_return msg;
}

// The order is tested only when the message failed: nothing taken, nothing
// dropped.
template <class Op>
awaitable<std::optional<std::string>> or_stop_guarded(Op op,
                                                      net::steady_timer &stop) {
  auto [order, ec, msg, stop_ec] =
      co_await net::experimental::make_parallel_group(
          std::move(op), stop.async_wait(deferred))
          .async_wait(net::experimental::wait_for_one(), use_awaitable);
  (void)stop_ec;
  if (!ec)
    co_return msg;
  else if (order[0] == 1)
    co_return std::nullopt;
  co_return std::nullopt;
}

awaitable<std::optional<std::string>> next_guarded(StrChannel &ch,
                                                   net::steady_timer &stop) {
  co_return co_await or_stop_guarded(ch.async_receive(deferred), stop);
}

awaitable<std::optional<std::string>> next(StrChannel &ch,
                                           net::steady_timer &stop) {
  co_return co_await or_stop(ch.async_receive(deferred), stop);
}

awaitable<std::optional<std::string>> next_checked(StrChannel &ch,
                                                   net::steady_timer &stop) {
  co_return co_await or_stop_checked(ch.async_receive(deferred), stop);
}

awaitable<void> consume(StrChannel &ch, net::steady_timer &stop,
                        net::steady_timer &tick) {
  for (;;) {
    auto r = co_await (next(ch, stop) || tick.async_wait(use_awaitable));
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the value returned by 'next' (taken by 'or_stop') is lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:39: note: select formed here
    if (r.index() == 0 && std::get<0>(r))
      handle(*std::get<0>(r));
  }
}

awaitable<void> consume_alone(StrChannel &ch, net::steady_timer &stop) {
  for (;;) {
    if (auto m = co_await next_checked(ch, stop))
      handle(*m);
    if (auto m = co_await next_guarded(ch, stop))
      handle(*m);
  }
}
