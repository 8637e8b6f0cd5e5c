// merge_lossy.cpp: taking messages from several channels, written the ways
// that lose messages. merge_fixed.cpp has the versions corosafe accepts.
//
//   build/bin/corosafe -p build/examples examples/cancel/merge_lossy.cpp
#include <boost/asio/awaitable.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <variant>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

using Messages = asio::experimental::channel<void(error_code, std::string)>;

// Hazard 1: '||' on two receives. Both receives are started; when both
// channels have a message, both complete in the same turn, '||' returns the
// first and the message the other one took out of its channel is destroyed.
// With two busy channels this loses about half the messages (see
// demo/lossy_race.cpp).
awaitable<void> merge(Messages &a, Messages &b, Messages &out) {
  for (;;) {
    auto r = co_await (a.async_receive(use_awaitable) ||
                       b.async_receive(use_awaitable));
    std::string msg = r.index() == 0 ? std::get<0>(r) : std::get<1>(r);
    co_await out.async_send(error_code{}, std::move(msg), use_awaitable);
  }
}

// Hazard 2: the same through a coroutine that returns what it received. A
// request that arrives in the same turn as the heartbeat tick is dropped.
awaitable<std::string> nextRequest(Messages &in) {
  std::string req = co_await in.async_receive(use_awaitable);
  co_return req;
}

awaitable<void> serve(Messages &in, Messages &replies, Messages &heartbeats) {
  asio::steady_timer tick(in.get_executor());
  for (;;) {
    tick.expires_after(1s);
    auto r = co_await (nextRequest(in) || tick.async_wait(use_awaitable));
    if (r.index() == 0)
      co_await replies.async_send(error_code{}, "ok: " + std::get<0>(r),
                                  use_awaitable);
    else
      co_await heartbeats.async_send(error_code{}, "tick", use_awaitable);
  }
}

// Hazard 3: a parallel group returns every result, but this code looks only
// at the completion order. When the request arrives in the same turn as the
// timeout, it has been taken from the channel and is dropped with 'req'.
awaitable<bool> requestBeforeTimeout(Messages &in, asio::steady_timer &idle) {
  auto [order, ec, req, timerEc] =
      co_await asio::experimental::make_parallel_group(
          in.async_receive(asio::deferred), idle.async_wait(asio::deferred))
          .async_wait(asio::experimental::wait_for_one(), use_awaitable);
  co_return order[0] == 0;
}

// Hazard 4 (reported with AndOperator=note): '&&' waits for both, but when
// one receive fails (its channel was closed) the other one is cancelled, and
// a message it had already taken is dropped with the error.
awaitable<std::pair<std::string, std::string>> takePair(Messages &a,
                                                        Messages &b) {
  auto [x, y] = co_await (a.async_receive(use_awaitable) &&
                          b.async_receive(use_awaitable));
  co_return std::pair{std::move(x), std::move(y)};
}

// The examples are analyzed, not run: main() only makes this TU a program so
// that the build links it. The runnable demonstration is demo/lossy_race.cpp.
int main() {}
