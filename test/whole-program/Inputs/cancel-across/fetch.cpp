#include "fetch.h"

awaitable<std::string> fetch(StrChannel &ch) {
  std::string msg = co_await ch.async_receive(use_awaitable);
  co_return msg;
}

awaitable<void> forward(StrChannel &in, StrChannel &out) {
  for (;;) {
    std::string m = co_await in.async_receive(use_awaitable);
    co_await out.async_send(error_code{}, m, use_awaitable);
  }
}

awaitable<std::size_t> drain(StrChannel &in, std::vector<std::string> &sink) {
  std::size_t n = 0;
  for (; n < 8; ++n)
    sink.push_back(co_await in.async_receive(use_awaitable));
  co_return n;
}
