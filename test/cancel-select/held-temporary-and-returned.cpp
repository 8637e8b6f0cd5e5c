// Two more ways to hold taken data: a temporary that lives across the
// suspension that sends it, and a coroutine operand of '||' that returns
// what it took (mechanism 2 through a coroutine: the returned value is lost
// when both operands complete in the same turn).
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> pipe(IntChannel &in, IntChannel &out) {
  for (;;)
    co_await out.async_send(error_code{}, co_await in.async_receive(use_awaitable), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken by 'async_receive' is held in a temporary across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
}

awaitable<std::string> next_line(StrChannel &in) {
  auto [ec, line] = co_await in.async_receive(net::experimental::as_tuple(use_awaitable));
  co_return line;
}

awaitable<void> run(IntChannel &a, IntChannel &b, StrChannel &lines,
                    net::steady_timer &t) {
  co_await (pipe(a, b) || t.async_wait(use_awaitable));
  auto r = co_await (next_line(lines) || t.async_wait(use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the value returned by 'next_line' (taken by 'async_receive') is lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
  (void)r;
}
