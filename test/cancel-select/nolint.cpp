// The clang-tidy suppression comments (same line, next line, begin/end
// block) silence a finding in both front ends; one naming another check
// does not.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %expect-exit 1 %corosafe --format json %s -- %boost-flags | FileCheck %s --check-prefix=JSON
#include "asio-compat.h"

awaitable<void> run(IntChannel &a, IntChannel &b, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable)); // NOLINT(corosafe-cancel-select)
  // NOLINTNEXTLINE(corosafe-*)
  co_await (b.async_receive(use_awaitable) || t.async_wait(use_awaitable));
  // NOLINTBEGIN(corosafe-cancel-select)
  co_await (b.async_receive(use_awaitable) || t.async_wait(use_awaitable));
  // NOLINTEND(corosafe-cancel-select)
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable)); // NOLINT(bugprone-use-after-move)
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the message received by 'async_receive' is lost if both operands of '||' complete in the same turn
}
// The CLI keeps suppressed findings in JSON and SARIF, marked as such.
// JSON: "suppressed": {
// JSON-NEXT: "kind": "inSource",
// JSON-NEXT: "comment": "// NOLINT(corosafe-cancel-select)"
