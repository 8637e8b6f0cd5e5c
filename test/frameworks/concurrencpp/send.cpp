// concurrencpp: executor::post / submit run a callable on the executor.
// A copy of a boost::local_shared_ptr (a non-atomic reference count)
// captured by a callable submitted to a thread_pool_executor, while the
// coroutine keeps and uses its own copy, races on the count ('shares').
// Safe: moved into the callable ('moves'); used by one task only, across
// its suspensions ('keeps').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/concurrencpp
#include <concurrencpp/concurrencpp.h>

#include <boost/smart_ptr/local_shared_ptr.hpp>

#include <memory>
#include <utility>

using namespace concurrencpp;

struct Config {
  int v;
};
int use(int);
lazy_result<int> fetch(int);

result<int> shares(std::shared_ptr<thread_pool_executor> tp) {
  boost::local_shared_ptr<Config> cfg(new Config{1});
  result<int> r = tp->submit([cfg] { return use(cfg->v); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'cfg' is copied into a handler given to 'submit' on a concurrencpp thread_pool_executor while the origin keeps its own copy: 'boost::local_shared_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:19: note: the task starts here
  use(cfg->v);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'cfg' is used here afterwards
  co_return co_await r;
}

result<int> moves(std::shared_ptr<thread_pool_executor> tp) {
  boost::local_shared_ptr<Config> cfg(new Config{1});
  result<int> r = tp->submit([c = std::move(cfg)] { return use(c->v); });
  co_return co_await r;
}

result<int> keeps(std::shared_ptr<thread_pool_executor> tp) {
  boost::local_shared_ptr<Config> cfg(new Config{1});
  int v = co_await fetch(cfg->v);
  co_return use(cfg->v) + v;
}
