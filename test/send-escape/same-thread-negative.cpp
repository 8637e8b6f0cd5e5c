// Tasks on the same single-thread io_context never run concurrently: a
// local_shared_ptr copied into a coroutine spawned on it, or into a handler
// or coroutine posted or spawned on `co_await this_coro::executor` by a
// coroutine that runs there, is only touched by that one thread. Nothing
// to report.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>

awaitable<void> child(boost::local_shared_ptr<int> p) {
  ++*p;
  co_return;
}

awaitable<void> parent() {
  auto p = boost::make_local_shared<int>(0);
  auto ex = co_await net::this_coro::executor;
  net::post(ex, [p] { ++*p; });
  net::co_spawn(co_await net::this_coro::executor, child(p), net::detached);
  co_await net::post(ex, use_awaitable);
  ++*p;
}

int main() {
  net::io_context ioc;
  auto p = boost::make_local_shared<int>(0);
  net::co_spawn(ioc, child(p), net::detached);
  net::co_spawn(ioc, parent(), net::detached);
  ioc.run();
  ++*p;
}
