// `co_await post(pool_executor, use_awaitable)` is not a hop: the work is
// posted to the pool, but the coroutine resumes through its own executor, a
// single-thread io_context. A reference to a thread_local object held
// across it stays valid. Nothing to report.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

thread_local int requests;

awaitable<void> handler(net::thread_pool &pool) {
  int &n = requests;
  co_await net::post(pool.get_executor(), use_awaitable);
  ++n;
  auto ex = pool.get_executor();
  co_await net::post(ex, use_awaitable);
  ++n;
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::co_spawn(ioc, handler(pool), net::detached);
  ioc.run();
  pool.join();
}
