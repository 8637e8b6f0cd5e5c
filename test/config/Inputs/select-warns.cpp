// A lossy select, reported where the configuration enables cancel-select.
#include "asio-compat.h"

awaitable<void> run(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the message received by 'async_receive' is lost if both operands of '||' complete in the same turn, because asio's '||' returns only the first completion [corosafe-cancel-select]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:44: note: select formed here
}
