// A boost::local_shared_ptr (non-atomic reference count) captured by copy
// into a handler posted to a thread_pool, while the coroutine keeps and
// uses its own copy: both threads change the count concurrently.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>

struct Config {
  int level = 0;
};

awaitable<void> worker(net::thread_pool &pool, net::steady_timer &t) {
  boost::local_shared_ptr<Config> cfg = boost::make_local_shared<Config>();
  net::post(pool, [cfg] { (void)cfg->level; });
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'cfg' is copied into a handler given to 'post' on a thread pool while the origin keeps its own copy: 'boost::local_shared_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  co_await t.async_wait(use_awaitable);
  cfg->level++;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'cfg' is used here afterwards
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(4);
  net::steady_timer t(ioc);
  net::co_spawn(ioc, worker(pool, t), net::detached);
  ioc.run();
  pool.join();
}
