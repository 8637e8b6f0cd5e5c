// Guards released before the suspension point: by unlock(), by the end of
// their scope, and a deferred lock taken and released between waits. The
// coroutines run on a thread_pool, and nothing is reported.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <mutex>
#include <shared_mutex>

std::mutex mu;
std::shared_mutex smu;
int counter;

awaitable<void> unlocked(net::steady_timer &t) {
  std::unique_lock lk(mu);
  ++counter;
  lk.unlock();
  co_await t.async_wait(use_awaitable);
}

awaitable<void> scoped(net::steady_timer &t) {
  for (int i = 0; i < 3; ++i) {
    {
      std::scoped_lock g(mu);
      ++counter;
    }
    {
      std::shared_lock r(smu);
      if (counter > 2)
        continue;
    }
    co_await t.async_wait(use_awaitable);
  }
}

awaitable<void> deferred_lock(net::steady_timer &t) {
  std::unique_lock lk(mu, std::defer_lock);
  co_await t.async_wait(use_awaitable);
  lk.lock();
  ++counter;
  lk.unlock();
  co_await t.async_wait(use_awaitable);
}

int main() {
  net::thread_pool pool(4);
  net::steady_timer t(pool);
  net::co_spawn(pool, unlocked(t), net::detached);
  net::co_spawn(pool, scoped(t), net::detached);
  net::co_spawn(pool, deferred_lock(t), net::detached);
  pool.join();
}
