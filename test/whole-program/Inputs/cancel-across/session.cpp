#include "fetch.h"

void handle(const std::string &);

awaitable<void> session(StrChannel &in, StrChannel &out,
                        net::steady_timer &timer) {
  for (;;) {
    auto r = co_await (fetch(in) || timer.async_wait(use_awaitable));
    if (r.index() == 0)
      handle(std::get<0>(r));
    co_await (forward(in, out) || timer.async_wait(use_awaitable));
  }
}

awaitable<void> quiet(StrChannel &in, std::vector<std::string> &sink,
                      net::steady_timer &timer) {
  for (;;)
    co_await (drain(in, sink) || timer.async_wait(use_awaitable));
}
