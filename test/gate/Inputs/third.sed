/b.async_receive/a\
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
