// Compile check for the Boost.Cobalt stand-in: the calls user code makes.
// clang++ -std=c++20 -fsyntax-only -I test/Inputs/cobalt test/Inputs/cobalt/smoke.cpp
#include <boost/cobalt.hpp>
#include <mutex>
#include <string>
#include <vector>

namespace cobalt = boost::cobalt;

cobalt::task<int> compute(int x);
cobalt::promise<std::string> fetch_name();

cobalt::task<void> race_reads(cobalt::channel<int> &a, cobalt::channel<std::string> &b) {
  // Lossless: both operands are channel reads.
  std::variant<int, std::string> v = co_await cobalt::race(a.read(), b.read());
  (void)v;
  auto lv = co_await cobalt::left_race(a.read(), b.read());
  (void)lv;
  // Lossy: the operands are promises.
  auto w = co_await cobalt::race(compute(1), fetch_name());
  if (w.index() == 0)
    (void)std::get<0>(w);
  std::vector<cobalt::promise<std::string>> ps;
  std::pair<std::size_t, std::string> r = co_await cobalt::race(ps);
  (void)r;
}

cobalt::task<void> all_of() {
  std::tuple<int, int> both = co_await cobalt::join(compute(1), compute(2));
  auto g = co_await cobalt::gather(compute(1), fetch_name());
  (void)both;
  (void)g;
}

cobalt::task<void> producer(cobalt::channel<int> &ch) {
  for (int i = 0; i < 10; ++i)
    co_await ch.write(i);
  ch.close();
}

cobalt::task<int> consumer() {
  cobalt::channel<int> ch{4, co_await cobalt::this_coro::executor};
  cobalt::channel<int> rendezvous; // limit 0
  int v = co_await ch.read();
  co_await rendezvous.write(v);
  co_return v;
}

std::mutex m;
cobalt::task<void> guarded(cobalt::channel<int> &ch) {
  std::lock_guard<std::mutex> g(m);
  co_await ch.read();
}

cobalt::promise<void> tick();
cobalt::task<void> group() {
  cobalt::wait_group wg;
  wg.push_back(tick());
  wg.push_back(tick());
  co_await wg.wait();
}

cobalt::thread worker() { co_await compute(3); }

void start(boost::asio::io_context &ctx, boost::asio::thread_pool &pool) {
  cobalt::spawn(ctx, compute(4), boost::asio::detached);
  cobalt::spawn(cobalt::executor(pool.get_executor()), consumer(), cobalt::use_op);
  cobalt::thread t = worker();
  t.join();
}
