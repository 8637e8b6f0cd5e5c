// The same lossy select, silent where the configuration turns
// cancel-select off.
#include "asio-compat.h"

awaitable<void> run(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}
