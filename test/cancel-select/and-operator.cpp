// '&&' waits for both operands, but when one fails it cancels the other at
// its current suspension point: a select on failure. Off by default;
// AndOperator=note reports it at level note (a remark in compiler-style
// output), AndOperator=warning as a warning, AndOperator=off silences it.
// RUN: env CHECK_RULE_OPTIONS=corosafe-cancel-select.AndOperator=note %check-rule %s %t.boost -- %boost-flags
// RUN: env CHECK_RULE_OPTIONS=corosafe-cancel-select.AndOperator=note %check-rule %s %t.asio -- %asio-flags
// RUN: %expect-exit 1 %corosafe --option corosafe-cancel-select.AndOperator=warning %s -- %boost-flags | FileCheck %s --check-prefix=STRICT
// RUN: %corosafe --option corosafe-cancel-select.AndOperator=off %s -- %boost-flags | FileCheck %s --check-prefix=OFF --allow-empty
// RUN: %corosafe %s -- %boost-flags | FileCheck %s --check-prefix=OFF --allow-empty
// OFF-NOT: {{remark|warning}}:
#include "asio-compat.h"

awaitable<void> forward(IntChannel &in, IntChannel &out) {
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, v, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: remark: the value taken into 'v' by 'async_receive' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
    // STRICT: :[[@LINE-2]]:5: warning: the value taken into 'v' by 'async_receive'
  }
}

awaitable<void> both(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  co_await (forward(a, b) && t.async_wait(use_awaitable));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:27: note: 'forward' is an operand of this '&&', which cancels the other operands at their current suspension point when one fails
}
