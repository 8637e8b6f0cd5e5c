// Compile check for the async_simple stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/async_simple test/Inputs/async_simple/smoke.cpp
#include <async_simple/coro/Collect.h>
#include <async_simple/coro/Dispatch.h>
#include <async_simple/coro/Lazy.h>
#include <async_simple/coro/Mutex.h>
#include <async_simple/coro/Sleep.h>
#include <async_simple/coro/SyncAwait.h>
#include <async_simple/executors/SimpleExecutor.h>
#include <chrono>
#include <mutex>

using namespace async_simple;
using namespace async_simple::coro;
using namespace std::chrono_literals;

Lazy<int> produce(int);
thread_local int tl_counter;
std::mutex mu;
coro::Mutex amu;

Lazy<int> selects() {
  std::variant<Try<int>, Try<int>> v = co_await collectAny(produce(1), produce(2));
  auto t = co_await collectAny<SignalType::Terminate>(produce(3), sleep(1s));
  std::vector<Lazy<int>> many;
  many.push_back(produce(4));
  auto r = co_await collectAny(std::move(many));
  auto all = co_await collectAll(produce(5), produce(6));
  int a = std::get<0>(all).value();
  (void)v; (void)t;
  co_return a + static_cast<int>(r.index()) + r.value();
}

Lazy<void> hops(executors::SimpleExecutor &other) {
  int &n = tl_counter;
  co_await dispatch(&other); // moves the coroutine and its executor
  ++n;
  Executor *ex = co_await CurrentExecutor{};
  std::lock_guard<std::mutex> g(mu);
  co_await sleep(10ms);
  (void)ex;
}

Lazy<void> locked() {
  std::unique_lock<coro::Mutex> l = co_await amu.coScopedLock();
  co_await produce(7);
  co_await amu.coLock();
  amu.unlock();
}

int main() {
  executors::SimpleExecutor pool(4);
  executors::SimpleExecutor other(1);
  hops(other).via(&pool).start([](Try<void> &&) {});
  locked().via(&pool).detach();
  produce(8).directlyStart([](Try<int> &&) {}, &pool);
  return syncAwait(selects().via(&pool)) + syncAwait(produce(9), &pool);
}
