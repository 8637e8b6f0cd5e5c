// lossy_race: measures what asio's awaitable operator '||' drops.
//
// Two producers each send kPerChannel numbered values into their own buffered
// channel. A consumer takes values from both channels until everything sent
// has been accounted for, first with
//
//     co_await (a.async_receive(...) || b.async_receive(...))
//
// and then with make_parallel_group(...).async_wait(wait_for_one(), ...),
// handling the result of every operation. '||' returns only the first
// completion: when both receives complete in the same turn, the value the
// second one took out of its channel is destroyed with it.
//
// Build and run:  cmake --build build/examples --target lossy_race
//                 build/examples/lossy_race
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>

#include <chrono>
#include <cstdio>
#include <variant>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using boost::system::error_code;
using Channel = asio::experimental::channel<void(error_code, int)>;
using namespace asio::experimental::awaitable_operators;

constexpr int kPerChannel = 1000;
constexpr std::size_t kCapacity = 64;

struct Counters {
  int sent = 0;
  int received = 0;
  int producersDone = 0;
};

awaitable<void> produce(Channel &ch, Counters &c) {
  for (int i = 0; i < kPerChannel; ++i) {
    co_await ch.async_send(error_code{}, i, use_awaitable);
    ++c.sent;
  }
  ++c.producersDone;
}

// Once both producers are done and neither channel holds a value, every value
// sent was either received or lost: cancel the consumer's pending receives so
// that it stops.
awaitable<void> stopWhenDrained(Channel &a, Channel &b, Counters &c) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  while (c.producersDone < 2 || a.ready() || b.ready()) {
    t.expires_after(std::chrono::milliseconds(1));
    co_await t.async_wait(use_awaitable);
  }
  a.cancel();
  b.cancel();
}

// The lossy consumer: '||' keeps the first completion only.
awaitable<void> consumeWithOr(Channel &a, Channel &b, Counters &c) {
  constexpr auto token = asio::as_tuple(use_awaitable);
  for (;;) {
    auto r = co_await (a.async_receive(token) || b.async_receive(token));
    auto [ec, value] = r.index() == 0 ? std::get<0>(r) : std::get<1>(r);
    if (ec)
      break; // cancelled by stopWhenDrained
    ++c.received;
    (void)value;
  }
}

// The lossless consumer: every operation's result is handled, also the one
// that completed in the same turn as the winner.
awaitable<void> consumeWithGroup(Channel &a, Channel &b, Counters &c) {
  for (;;) {
    auto [order, ea, va, eb, vb] =
        co_await asio::experimental::make_parallel_group(
            a.async_receive(asio::deferred), b.async_receive(asio::deferred))
            .async_wait(asio::experimental::wait_for_one(), use_awaitable);
    (void)order;
    if (!ea) {
      ++c.received;
      (void)va;
    }
    if (!eb) {
      ++c.received;
      (void)vb;
    }
    if (ea && eb)
      break; // both cancelled: by the group and by stopWhenDrained
  }
}

template <typename Consumer>
Counters run(Consumer consume) {
  asio::io_context io;
  Channel a(io, kCapacity), b(io, kCapacity);
  Counters c;
  asio::co_spawn(io, produce(a, c), asio::detached);
  asio::co_spawn(io, produce(b, c), asio::detached);
  asio::co_spawn(io, consume(a, b, c), asio::detached);
  asio::co_spawn(io, stopWhenDrained(a, b, c), asio::detached);
  io.run();
  return c;
}

void print(const char *what, const Counters &c) {
  int lost = c.sent - c.received;
  std::printf("%-38s sent %d, received %d, lost %d (%.1f%%)\n", what, c.sent,
              c.received, lost, c.sent ? 100.0 * lost / c.sent : 0.0);
}

int main() {
  print("'||' of two receives:", run(consumeWithOr));
  print("parallel_group, every result handled:", run(consumeWithGroup));
}
