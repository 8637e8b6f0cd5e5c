// '&&' cancels the other operands only when one of them fails (throws).
// Operations whose completion token hands the error back as a value
// (as_tuple, redirect_error) never throw, and a coroutine that awaits only
// such operations and throws nothing never fails: with no operand that can
// fail, '&&' cancels nothing, even with AndOperator=warning. With one
// operand that can fail (a plain use_awaitable wait), the data held in the
// other is reported. By default (AndOperator=off) '&&' reports nothing.
// RUN: env CHECK_RULE_OPTIONS=corosafe-cancel-select.AndOperator=warning %check-rule %s %t.boost -- %boost-flags
// RUN: env CHECK_RULE_OPTIONS=corosafe-cancel-select.AndOperator=warning %check-rule %s %t.asio -- %asio-flags
// RUN: %corosafe %s -- %boost-flags | FileCheck %s --check-prefix=DEFAULT --allow-empty
// DEFAULT-NOT: {{remark|warning}}:
#include "asio-compat.h"

awaitable<void> forward_quiet(IntChannel &in, IntChannel &out) {
  for (;;) {
    auto [ec, v] =
        co_await in.async_receive(net::experimental::as_tuple(use_awaitable));
    if (ec)
      co_return;
    error_code send_ec;
    co_await out.async_send(error_code{}, v,
                            net::redirect_error(use_awaitable, send_ec));
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: the value taken into 'v' by 'async_receive' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
    if (send_ec)
      co_return;
  }
}

awaitable<void> tick(net::steady_timer &t) {
  error_code ec;
  co_await t.async_wait(net::redirect_error(use_awaitable, ec));
}

awaitable<void> quiet(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  error_code ec;
  co_await (forward_quiet(a, b) && tick(t));
  co_await (forward_quiet(a, b) &&
            t.async_wait(net::redirect_error(use_awaitable, ec)));
  co_await (forward_quiet(a, b) &&
            t.async_wait(net::experimental::as_tuple(use_awaitable)));
}

awaitable<void> loud(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  co_await (forward_quiet(a, b) && t.async_wait(use_awaitable));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:33: note: 'forward_quiet' is an operand of this '&&', which cancels the other operands at their current suspension point when one fails
}

// The buffer is named, never the error code that redirect_error binds.
awaitable<void> read_quiet(tcp::socket &s, net::steady_timer &t) {
  char buf[128];
  error_code ec;
  for (;;) {
    std::size_t n = co_await s.async_read_some(
        net::buffer(buf), net::redirect_error(use_awaitable, ec));
    // CHECK-NOTES-DAG: :[[@LINE-2]]:21: note: bytes are read into 'buf' here
    if (ec)
      co_return;
    co_await net::async_write(s, net::buffer(buf, n),
                              net::redirect_error(use_awaitable, ec));
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: bytes read into 'buf' by 'async_read_some' are held across this suspension point
  }
}

awaitable<void> loud_read(tcp::socket &s, net::steady_timer &t) {
  co_await (read_quiet(s, t) && t.async_wait(use_awaitable));
}
