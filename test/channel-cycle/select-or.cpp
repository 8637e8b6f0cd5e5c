// A ring in which each task races its send against a receive of its own
// input with asio's '||'. That keeps the ring draining, so no cycle is
// reported (corosafe-cancel-select has its own say about '||' dropping a
// received value, so only this rule is run here). Racing the send against a
// receive of some other channel does not drain the ring: reported.
// RUN: %expect-exit 0 %corosafe --color=never --checks='-*,corosafe-channel-cycle' %s -- %boost-flags > %t.drain
// RUN: not grep warning %t.drain
// RUN: %expect-exit 0 %corosafe --color=never --checks='-*,corosafe-channel-cycle' %s -- %asio-flags > %t.drain-asio
// RUN: not grep warning %t.drain-asio
// RUN: %expect-exit 1 %corosafe --color=never --checks='-*,corosafe-channel-cycle' %s -- %boost-flags -DRACE_OTHER | FileCheck %s
// RUN: %expect-exit 1 %corosafe --color=never --checks='-*,corosafe-channel-cycle' %s -- %asio-flags -DRACE_OTHER | FileCheck %s
#include "asio-compat.h"

void consume(int);

awaitable<void> peer(IntChannel &in, IntChannel &out, IntChannel &other) {
  for (int i = 0;; ++i) {
#ifdef RACE_OTHER
    auto r = co_await (out.async_send(error_code{}, i, use_awaitable) ||
                       other.async_receive(use_awaitable));
    consume(co_await in.async_receive(use_awaitable));
#else
    auto r = co_await (out.async_send(error_code{}, i, use_awaitable) ||
                       in.async_receive(use_awaitable));
#endif
    // CHECK: select-or.cpp:[[#@LINE-7]]:24: warning: send to 'ab' blocks in a cycle of bounded channels
    (void)r;
    (void)other;
  }
}

int main() {
  net::io_context io;
  IntChannel ab(io, 2), ba(io, 2), x(io), y(io);
  net::co_spawn(io, peer(ba, ab, x), net::detached);
  net::co_spawn(io, peer(ab, ba, y), net::detached);
  io.run();
}
