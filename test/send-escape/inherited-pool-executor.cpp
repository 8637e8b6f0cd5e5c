// `co_spawn(co_await this_coro::executor, ...)` starts a separate task on
// the spawner's own executor. For a coroutine on a thread_pool that task
// runs concurrently on another pool thread: a non-Send value passed to it
// while the spawner keeps using its copy is reported.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>
#include <tuple>

using Shared = std::tuple<int, boost::local_shared_ptr<std::string>>;

awaitable<void> child(Shared s) { co_return; }

awaitable<void> parent(net::steady_timer &t) {
  Shared s{1, boost::make_local_shared<std::string>("x")};
  net::co_spawn(co_await net::this_coro::executor, child(s), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: 's' is copied into a task spawned on a thread pool while the origin keeps its own copy: 'std::tuple<int, boost::local_shared_ptr<std::basic_string<char>>>' holds a value of non-Send type: 'boost::local_shared_ptr<std::basic_string<char>>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  co_await t.async_wait(use_awaitable);
  std::get<1>(s)->append("y");
  // CHECK-NOTES-DAG: :[[@LINE-1]]:15: note: 's' is used here afterwards
}

int main() {
  net::thread_pool pool(2);
  net::steady_timer t(pool);
  net::co_spawn(pool, parent(t), net::detached);
  pool.join();
}
