// Operands of '&&': not reported by default (AndOperator: off).
#include "asio-compat.h"

awaitable<void> run(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) && t.async_wait(use_awaitable));
}
