// Compile check for the libunifex stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/unifex test/Inputs/unifex/smoke.cpp
#include <unifex/async_mutex.hpp>
#include <unifex/async_scope.hpp>
#include <unifex/single_thread_context.hpp>
#include <unifex/static_thread_pool.hpp>
#include <unifex/stop_when.hpp>
#include <unifex/sync_wait.hpp>
#include <unifex/task.hpp>
#include <unifex/when_all.hpp>
#include <unifex/when_any.hpp>
#include <mutex>

unifex::task<int> produce(int);
thread_local int tl_counter;
std::mutex mu;
unifex::async_mutex amu;

unifex::task<int> selects(unifex::static_thread_pool::scheduler sch) {
  int first = co_await unifex::when_any(produce(1), produce(2));
  int kept = co_await unifex::stop_when(produce(3), unifex::schedule(sch));
  int piped = co_await (produce(4) | unifex::stop_when(unifex::just()));
  auto both = co_await unifex::when_all(produce(5), produce(6));
  int a = std::get<0>(std::get<0>(std::get<0>(both)));
  co_return first + kept + piped + a;
}

unifex::task<void> hops(unifex::static_thread_pool &pool) {
  int &r = tl_counter;
  co_await unifex::schedule(pool.get_scheduler()); // moves the task
  ++r;
  std::lock_guard<std::mutex> g(mu);
  co_await produce(7);
}

unifex::task<void> locked() {
  co_await amu.async_lock();
  co_await produce(8);
  amu.unlock();
}

void spawns(unifex::static_thread_pool &pool, unifex::async_scope &scope) {
  auto sch = pool.get_scheduler();
  scope.detached_spawn_on(sch, hops(pool));
  auto fut = scope.spawn_on(sch, produce(9));
  unifex::spawn_detached(unifex::on(sch, locked()), scope);
  unifex::sync_wait(scope.cleanup());
  (void)fut;
}

int main() {
  unifex::static_thread_pool pool{4};
  unifex::single_thread_context one;
  std::optional<int> r = unifex::sync_wait(selects(pool.get_scheduler()));
  unifex::sync_wait(unifex::via(one.get_scheduler(), unifex::just()));
  return r.value_or(0);
}
