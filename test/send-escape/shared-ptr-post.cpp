// std::shared_ptr has an atomic reference count: capturing a copy into a
// handler posted to a thread_pool while the coroutine keeps its own is
// fine. So is moving a local_shared_ptr into the handler. Nothing to report.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>
#include <memory>

struct Config {
  int level = 0;
};

awaitable<void> worker(net::thread_pool &pool, net::steady_timer &t) {
  auto cfg = std::make_shared<Config>();
  net::post(pool, [cfg] { (void)cfg->level; });
  co_await t.async_wait(use_awaitable);
  cfg->level++;
  auto local = boost::make_local_shared<Config>();
  net::post(pool, [p = std::move(local)] { (void)p->level; });
  co_await t.async_wait(use_awaitable);
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::steady_timer t(ioc);
  net::co_spawn(ioc, worker(pool, t), net::detached);
  ioc.run();
}
