// Compile check for the cppcoro stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/cppcoro test/Inputs/cppcoro/smoke.cpp
#include <cppcoro/async_mutex.hpp>
#include <cppcoro/async_scope.hpp>
#include <cppcoro/io_service.hpp>
#include <cppcoro/resume_on.hpp>
#include <cppcoro/schedule_on.hpp>
#include <cppcoro/sequence_barrier.hpp>
#include <cppcoro/single_producer_sequencer.hpp>
#include <cppcoro/static_thread_pool.hpp>
#include <cppcoro/sync_wait.hpp>
#include <cppcoro/task.hpp>
#include <cppcoro/when_all.hpp>
#include <array>
#include <mutex>

cppcoro::task<int> produce(int);
thread_local int tl_counter;
std::mutex mu;
cppcoro::async_mutex amu;

cppcoro::task<void> hops(cppcoro::static_thread_pool &pool, cppcoro::io_service &io) {
  int &r = tl_counter;
  co_await pool.schedule(); // moves and stays
  ++r;
  int a = co_await cppcoro::schedule_on(pool, produce(1));
  int b = co_await cppcoro::resume_on(io, produce(2));
  auto [x, y] = co_await cppcoro::when_all(produce(3), produce(4));
  std::lock_guard<std::mutex> g(mu);
  co_await io.schedule();
  (void)a; (void)b; (void)x; (void)y;
}

cppcoro::task<void> locked() {
  auto lock = co_await amu.scoped_lock_async();
  co_await produce(5);
  co_await amu.lock_async();
  amu.unlock();
}

cppcoro::task<void> ring(cppcoro::static_thread_pool &pool) {
  std::array<int, 64> buffer{};
  cppcoro::sequence_barrier<std::size_t> readBarrier;
  cppcoro::single_producer_sequencer<std::size_t> seq{readBarrier, buffer.size()};
  std::size_t s = co_await seq.claim_one(pool);
  buffer[s & 63] = 1;
  seq.publish(s);
  std::size_t avail = co_await seq.wait_until_published(s, pool);
  readBarrier.publish(avail);
}

int main() {
  cppcoro::static_thread_pool pool{4};
  cppcoro::io_service io;
  cppcoro::async_scope scope;
  scope.spawn(hops(pool, io));
  scope.spawn(locked());
  cppcoro::sync_wait(scope.join());
  cppcoro::sync_wait(ring(pool));
  return cppcoro::sync_wait(produce(6)) + static_cast<int>(pool.thread_count());
}
