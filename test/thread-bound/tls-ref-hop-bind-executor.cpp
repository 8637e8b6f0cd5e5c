// An explicit hop: `co_await post(bind_executor(pool, use_awaitable))`
// moves a coroutine that runs on a single-thread io_context to the pool. A
// reference to a thread_local object taken before the hop and used after
// it refers to the io_context thread's object while running on a pool
// thread.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

thread_local int requests;

awaitable<void> handler(net::thread_pool &pool) {
  int &n = requests;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'n' declared here (it refers to the thread_local 'requests')
  co_await net::post(net::bind_executor(pool, use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' refers to the thread_local 'requests' and is used after a suspension point after which the coroutine resumes on a thread pool [corosafe-thread-bound-across-suspend]
  ++n;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'n' is used here after resuming
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::co_spawn(ioc, handler(pool), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'handler' is spawned here on a single-thread io_context
  ioc.run();
  pool.join();
}
