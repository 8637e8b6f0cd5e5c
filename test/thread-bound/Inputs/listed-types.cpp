// Types made non-Send / thread-bound by the options (options.test).
#include "asio-compat.h"
#include <thread>

namespace app {
struct Arena {
  ~Arena();
};
struct Ctx {
  ~Ctx();
};
} // namespace app

void start() {
  app::Arena a;
  std::thread t([a] {});
  t.join();
}

awaitable<void> work(net::steady_timer &t) {
  app::Ctx c;
  co_await t.async_wait(use_awaitable);
}

int main() {
  net::thread_pool pool(2);
  net::steady_timer t(pool);
  net::co_spawn(pool, work(t), net::detached);
}
