// A reference to a local of the coroutine frame captured into a handler
// posted to another executor: the pool thread reads the frame while the
// coroutine keeps running (and may finish, destroying the frame).
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

awaitable<void> count_lines(net::thread_pool &pool, net::steady_timer &t) {
  std::vector<std::string> lines{"a", "b"};
  std::size_t total = 0;
  net::post(pool.get_executor(), [&lines] { lines.push_back("c"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: a reference to 'lines' in the coroutine frame escapes into a handler given to 'post' on a thread pool [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  co_await t.async_wait(use_awaitable);
  total += lines.size();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'lines' is used here afterwards
  net::dispatch(pool, [&total] { ++total; });
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: a reference to 'total' in the coroutine frame escapes into a handler given to 'dispatch' on a thread pool [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
}
// CHECK-NOTES-DAG: :[[@LINE-1]]:1: note: the coroutine frame, and 'total' with it, ends here

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::steady_timer t(ioc);
  net::co_spawn(ioc, count_lines(pool, t), net::detached);
  ioc.run();
}
