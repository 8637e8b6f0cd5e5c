// Suppression comments for test/gate/suppressions.test: two used with a
// reason, stale ones that only --report-unused-suppressions reports.
#include "asio-compat.h"

awaitable<void> reasoned(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable)); // corosafe: ignore[corosafe-cancel-select] the timer only fires at shutdown
}

awaitable<void> next_line(IntChannel &a, net::steady_timer &t) {
  // corosafe: ignore[corosafe-*] losing a message here is fine
  // (the producer resends until acknowledged)
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}

awaitable<void> unsuppressed(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}

int stale() {
  int x = 1; // NOLINT(corosafe-cancel-select)
  int y = 2; // NOLINT(corosafe-cancel-selct)
  int z = 3; // NOLINT(bugprone-use-after-move)
  int w = 4; // NOLINT
  // corosafe: ignore[corosafe-cancel-select] no longer needed
  return x + y + z + w;
}
