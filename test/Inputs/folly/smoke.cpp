// Compile check for the folly::coro stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/folly test/Inputs/folly/smoke.cpp
#include <folly/coro/AsyncScope.h>
#include <folly/coro/BlockingWait.h>
#include <folly/coro/BoundedQueue.h>
#include <folly/coro/Collect.h>
#include <folly/coro/CurrentExecutor.h>
#include <folly/coro/Mutex.h>
#include <folly/coro/Task.h>
#include <folly/coro/Timeout.h>
#include <folly/coro/UnboundedQueue.h>
#include <folly/experimental/coro/Collect.h> // the old path still works
#include <folly/executors/CPUThreadPoolExecutor.h>
#include <folly/executors/SerialExecutor.h>
#include <folly/lang/Hint.h>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

using namespace std::chrono_literals;
namespace coro = folly::coro;

coro::Task<int> getA();
coro::Task<int> getB();
coro::Task<std::string> getName();

coro::Task<void> selects(coro::BoundedQueue<int> &q1, coro::BoundedQueue<int> &q2) {
  std::pair<std::size_t, folly::Try<int>> r = co_await coro::collectAny(q1.dequeue(), q2.dequeue());
  auto r2 = co_await coro::collectAnyWithoutException(getA(), getB());
  std::tuple<folly::Try<int>, folly::Try<std::string>> all = co_await coro::collectAnyNoDiscard(getA(), getName());
  std::vector<coro::Task<int>> tasks;
  tasks.push_back(getA());
  std::pair<std::size_t, folly::Try<int>> r3 = co_await coro::collectAnyRange(std::move(tasks));
  std::vector<coro::Task<int>> more;
  std::vector<folly::Try<int>> r4 = co_await coro::collectAnyNoDiscardRange(std::move(more));
  auto [a, b] = co_await coro::collectAll(getA(), getName());
  int v = co_await coro::timeout(q1.dequeue(), 100ms);
  int w = co_await coro::timeoutNoDiscard(q2.dequeue(), 100ms);
  (void)r; (void)r2; (void)all; (void)r3; (void)r4; (void)a; (void)b; (void)v; (void)w;
}

coro::Task<void> queues(coro::BoundedQueue<int> &bq, coro::UnboundedQueue<std::string> &uq) {
  co_await bq.enqueue(1);
  bool ok = bq.try_enqueue(2);
  std::optional<int> got = bq.try_dequeue();
  int x = co_await bq.dequeue();
  uq.enqueue(std::string("x"));
  std::string s = co_await uq.dequeue();
  (void)ok; (void)got; (void)x; (void)s;
}

coro::Mutex cm;
std::mutex sm;
struct Guard : private folly::unsafe_for_async_usage {};
// The trait sees only a direct, accessible alias; a private base (folly's own
// recommended spelling) is found by walking the bases, as an analyzer does.
static_assert(folly::detail::is_unsafe_for_async_usage_v<folly::unsafe_for_async_usage>);
struct Counter {
  using folly_is_unsafe_for_async_usage = std::true_type;
};
static_assert(folly::detail::is_unsafe_for_async_usage_v<Counter>);
static_assert(folly::is_coro_aware_mutex_v<coro::Mutex>);
static_assert(!folly::is_coro_aware_mutex_v<std::mutex>);

coro::Task<void> locks() {
  [[maybe_unused]] Guard marked;
  co_await getA();
  std::unique_lock<coro::Mutex> l = co_await cm.co_scoped_lock();
  co_await getA();
  co_await cm.co_lock();
  cm.unlock();
  std::lock_guard<std::mutex> g(sm);
  co_await getB();
}

coro::Task<int> spawns(folly::CPUThreadPoolExecutor &pool) {
  folly::Executor *here = co_await coro::co_current_executor;
  int a = co_await coro::co_withExecutor(&pool, getA());
  auto serial = folly::SerialExecutor::create(&pool);
  int b = co_await coro::co_withExecutor(serial, getB());
  coro::AsyncScope scope;
  scope.add(coro::co_withExecutor(&pool, queues(*new coro::BoundedQueue<int>(4), *new coro::UnboundedQueue<std::string>)));
  co_await scope.joinAsync();
  auto fut = coro::co_withExecutor(&pool, getA()).start();
  (void)here; (void)fut;
  co_return a + b;
}

#pragma clang diagnostic ignored "-Wdeprecated-declarations"
int main() {
  folly::CPUThreadPoolExecutor pool(4);
  auto t = getA().scheduleOn(&pool);
  return coro::blockingWait(std::move(t)) + coro::blockingWait(spawns(pool));
}
