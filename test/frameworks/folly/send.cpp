// A value with a non-atomic reference count (boost::local_shared_ptr) passed
// to a folly task started on a CPU thread pool while the origin keeps its
// own copy ('shares'). Moved into the task, nothing is kept ('moves'); kept
// inside one task across suspension points, nothing is shared ('keeps').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/folly
#include <folly/coro/Sleep.h>
#include <folly/coro/Task.h>
#include <folly/executors/CPUThreadPoolExecutor.h>

#include <boost/smart_ptr/local_shared_ptr.hpp>

#include <chrono>
#include <utility>

namespace coro = folly::coro;
using namespace std::chrono_literals;

struct Config {
  int v;
};
void use(int);

coro::Task<void> consume(boost::local_shared_ptr<Config> cfg) {
  co_await coro::sleep(1ms);
  use(cfg->v);
}

coro::Task<void> shares(folly::CPUThreadPoolExecutor &pool) {
  boost::local_shared_ptr<Config> cfg;
  auto f = coro::co_withExecutor(&pool, consume(cfg)).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: 'cfg' is copied into a task spawned on a CPU thread pool while the origin keeps its own copy: 'boost::local_shared_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:12: note: the task starts here
  use(cfg->v);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'cfg' is used here afterwards
  co_return;
}

coro::Task<void> moves(folly::CPUThreadPoolExecutor &pool) {
  boost::local_shared_ptr<Config> cfg;
  auto f = coro::co_withExecutor(&pool, consume(std::move(cfg))).start();
  co_return;
}

coro::Task<void> keeps() {
  boost::local_shared_ptr<Config> cfg;
  co_await coro::sleep(1ms);
  use(cfg->v);
}
