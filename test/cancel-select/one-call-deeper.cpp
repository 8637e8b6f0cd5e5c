// The hazard sits one await deeper: the select operand 'session' awaits
// 'pump', which holds a received message across its send. Cancelling
// 'session' cancels 'pump' where it stands. The chain is in the notes.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
// With MaxDepth=0 only the operand's own body is examined: silent, in the
// CLI (--option) and in clang-tidy (CheckOptions) alike.
// RUN: %corosafe --option corosafe-cancel-select.MaxDepth=0 %s -- %boost-flags | FileCheck %s --check-prefix=DEPTH0 --allow-empty
// RUN: %clang-tidy --quiet -load %plugin -checks='-*,corosafe-*' -config="{CheckOptions: {corosafe-cancel-select.MaxDepth: 0}}" %s -- %boost-flags | FileCheck %s --check-prefix=DEPTH0 --allow-empty
// DEPTH0-NOT: {{warning|remark}}:
#include "asio-compat.h"

awaitable<void> pump(StrChannel &in, StrChannel &out) {
  std::string msg = co_await in.async_receive(use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: 'msg' takes the value here
  co_await out.async_send(error_code{}, std::move(msg), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the value taken into 'msg' by 'async_receive' is held across this suspension point, where a losing select operand is cancelled and the value is lost [corosafe-cancel-select]
}

awaitable<void> session(StrChannel &in, StrChannel &out) {
  for (;;)
    co_await pump(in, out);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'session' awaits 'pump' here, so cancelling it cancels 'pump' at its suspension point
}

awaitable<void> run(StrChannel &in, StrChannel &out, net::steady_timer &t) {
  co_await (session(in, out) || t.async_wait(use_awaitable));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:30: note: 'session' is an operand of this select ('||'); the operand that loses is cancelled at its current suspension point
}
