// Compile check for the stdexec stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/stdexec test/Inputs/stdexec/smoke.cpp
// and again with -DCOROSAFE_STDEXEC_2509 (the older layout).
#include <exec/async_scope.hpp>
#include <exec/single_thread_context.hpp>
#include <exec/static_thread_pool.hpp>
#include <exec/task.hpp>
#include <exec/when_any.hpp>
#include <stdexec/execution.hpp>
#include <mutex>
#include <string>

exec::task<int> produce(int);
thread_local int tl_counter;
std::mutex mu;

exec::task<int> selects(exec::static_thread_pool::scheduler sch) {
  int first = co_await exec::when_any(produce(1), produce(2));
  int viaSched = co_await exec::when_any(stdexec::starts_on(sch, produce(3)), stdexec::just(4));
  std::tuple<int, int> both = co_await stdexec::when_all(produce(5), produce(6));
  co_return first + viaSched + std::get<0>(both);
}

exec::task<void> hops(exec::static_thread_pool &pool, exec::single_thread_context &ui) {
  int &r = tl_counter;
  co_await stdexec::schedule(pool.get_scheduler()); // affine: comes back
  co_await exec::reschedule_coroutine_on(ui.get_scheduler()); // moves the task
  ++r;
  std::lock_guard<std::mutex> g(mu);
  int v = co_await (produce(7) | stdexec::continues_on(pool.get_scheduler()));
  int w = co_await stdexec::continues_on(produce(8), pool.get_scheduler());
  (void)v;
  (void)w;
}

void spawns(exec::static_thread_pool &pool, exec::async_scope &scope, stdexec::counting_scope &cs) {
  auto sch = pool.get_scheduler();
#ifdef COROSAFE_STDEXEC_2509
  stdexec::start_detached(stdexec::starts_on(sch, produce(9)));
#else
  exec::start_detached(stdexec::starts_on(sch, produce(9)));
#endif
  scope.spawn(stdexec::starts_on(sch, hops(pool, *new exec::single_thread_context)));
  auto fut = scope.spawn_future(stdexec::starts_on(sch, produce(10)));
  stdexec::spawn(stdexec::starts_on(sch, produce(11)), cs.get_token());
  stdexec::sync_wait(scope.on_empty());
  (void)fut;
}

#pragma clang diagnostic ignored "-Wdeprecated-declarations"
int main() {
  exec::static_thread_pool pool(4);
  stdexec::run_loop loop;
  auto s = stdexec::schedule(loop.get_scheduler()) | stdexec::transfer(pool.get_scheduler());
  std::optional<std::tuple<int>> r = stdexec::sync_wait(selects(pool.get_scheduler()));
  stdexec::start_detached(std::move(s));
#ifndef COROSAFE_STDEXEC_2509
  experimental::execution::start_detached(stdexec::just());
#endif
  return r ? std::get<0>(*r) : 0;
}
