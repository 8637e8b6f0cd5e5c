// Compile check for the concurrencpp stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/concurrencpp test/Inputs/concurrencpp/smoke.cpp
#include <concurrencpp/concurrencpp.h>
#include <mutex>

using namespace concurrencpp;

result<int> produce(executor_tag, std::shared_ptr<thread_pool_executor> tp, int x);
lazy_result<int> lazy_produce(int x);
thread_local int tl_counter;
std::mutex mu;
async_lock alock;

result<int> selects(std::shared_ptr<thread_pool_executor> tp, std::shared_ptr<worker_thread_executor> ui) {
  auto any = co_await when_any(ui, produce({}, tp, 1), produce({}, tp, 2));
  int winner = co_await std::get<0>(any.results);
  std::vector<result<int>> many;
  auto anyRange = co_await when_any(tp, many.begin(), many.end());
  auto all = co_await when_all(tp, produce({}, tp, 3), produce({}, tp, 4));
  int a = co_await std::get<0>(all);
  co_return winner + a + static_cast<int>(anyRange.index);
}

result<void> hops(std::shared_ptr<thread_pool_executor> tp) {
  int &r = tl_counter;
  co_await resume_on(tp);
  ++r;
  std::lock_guard<std::mutex> g(mu);
  co_await lazy_produce(5);
}

result<void> locked(std::shared_ptr<thread_pool_executor> tp) {
  scoped_async_lock guard = co_await alock.lock(tp);
  co_await lazy_produce(6);
}

int main() {
  runtime rt;
  auto tp = rt.thread_pool_executor();
  auto worker = rt.make_worker_thread_executor();
  tp->post([] {});
  result<int> r = tp->submit([](int v) { return v; }, 7);
  auto pool2 = rt.make_executor<thread_pool_executor>("pool", 4, std::chrono::seconds(10));
  result<int> s = selects(tp, worker);
  hops(pool2).get();
  return r.get() + s.get() + tp->max_concurrency_level();
}
