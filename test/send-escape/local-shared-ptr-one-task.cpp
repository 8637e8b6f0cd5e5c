// A boost::local_shared_ptr copied and used only inside one coroutine,
// across many suspension points, even on a thread_pool where every resume
// may be on another thread: only one thread touches the count at a time.
// This is the case Rust's Send rejects and corosafe accepts. Nothing to
// report.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>

struct State {
  int n = 0;
};

awaitable<void> step(boost::local_shared_ptr<State> s, net::steady_timer &t) {
  co_await t.async_wait(use_awaitable);
  s->n++;
}

awaitable<void> worker(net::steady_timer &t, net::thread_pool &pool) {
  auto s = boost::make_local_shared<State>();
  for (int i = 0; i < 10; ++i) {
    auto copy = s;
    co_await t.async_wait(use_awaitable);
    copy->n++;
    co_await step(copy, t);
    co_await net::post(net::bind_executor(pool, use_awaitable));
    s->n += copy->n;
  }
}

int main() {
  net::thread_pool pool(4);
  net::steady_timer t(pool);
  net::co_spawn(pool, worker(t, pool), net::detached);
  pool.join();
}
