// One io_context, run by std::jthread bodies created in a loop: several
// threads. A reference to a thread_local object used after a suspension
// point is reported.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <thread>

thread_local std::vector<int> scratch;

awaitable<void> worker(net::steady_timer &t) {
  std::vector<int> &buf = scratch;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'buf' declared here (it refers to the thread_local 'scratch')
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'buf' refers to the thread_local 'scratch' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  buf.push_back(1);
}

int main() {
  net::io_context ioc;
  net::steady_timer t(ioc);
  net::co_spawn(ioc.get_executor(), worker(t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'worker' is spawned here on an io_context run by several threads
  std::vector<std::jthread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
}
