// merge_fixed.cpp: the code of merge_lossy.cpp written so that no message is
// lost. corosafe reports nothing here.
//
//   build/bin/corosafe -p build/examples examples/cancel/merge_fixed.cpp
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using asio::experimental::make_parallel_group;
using asio::experimental::wait_for_all;
using asio::experimental::wait_for_one;
using boost::system::error_code;
using namespace std::chrono_literals;

using Messages = asio::experimental::channel<void(error_code, std::string)>;

// Fix 1a: a parallel group reports the result of every operation. When both
// receives complete in the same turn, both messages are forwarded; a receive
// that was cancelled before it took anything reports an error and took
// nothing.
awaitable<void> merge(Messages &a, Messages &b, Messages &out) {
  for (;;) {
    auto [order, ea, ma, eb, mb] =
        co_await make_parallel_group(a.async_receive(asio::deferred),
                                     b.async_receive(asio::deferred))
            .async_wait(wait_for_one(), use_awaitable);
    if (!ea)
      co_await out.async_send(error_code{}, std::move(ma), use_awaitable);
    if (!eb)
      co_await out.async_send(error_code{}, std::move(mb), use_awaitable);
    if (ea && eb)
      co_return; // both failed: the inputs are closed
  }
}

// Fix 1b: no select at all. One task per input forwards into the output
// channel; nothing is ever cancelled while it holds a message.
awaitable<void> forward(Messages &in, Messages &out) {
  for (;;) {
    auto [ec, msg] = co_await in.async_receive(asio::as_tuple(use_awaitable));
    if (ec)
      co_return;
    co_await out.async_send(error_code{}, std::move(msg), use_awaitable);
  }
}

void mergeWithTasks(Messages &a, Messages &b, Messages &out) {
  asio::co_spawn(out.get_executor(), forward(a, out), asio::detached);
  asio::co_spawn(out.get_executor(), forward(b, out), asio::detached);
}

// Fix 2: the request and the heartbeat tick raced in a group; when both
// complete in the same turn, both are handled.
awaitable<void> serve(Messages &in, Messages &replies, Messages &heartbeats) {
  asio::steady_timer tick(in.get_executor());
  for (;;) {
    tick.expires_after(1s);
    auto [order, ec, req, tickEc] =
        co_await make_parallel_group(in.async_receive(asio::deferred),
                                     tick.async_wait(asio::deferred))
            .async_wait(wait_for_one(), use_awaitable);
    if (!ec)
      co_await replies.async_send(error_code{}, "ok: " + req, use_awaitable);
    if (!tickEc)
      co_await heartbeats.async_send(error_code{}, "tick", use_awaitable);
  }
}

// Fix 3: the request is handed to the caller whenever the receive took it,
// also when the timeout completed first.
awaitable<std::optional<std::string>>
requestBeforeTimeout(Messages &in, asio::steady_timer &idle) {
  auto [order, ec, req, timerEc] =
      co_await make_parallel_group(in.async_receive(asio::deferred),
                                   idle.async_wait(asio::deferred))
          .async_wait(wait_for_one(), use_awaitable);
  if (!ec)
    co_return std::move(req);
  co_return std::nullopt;
}

// Fix 4: wait_for_all cancels nothing and reports both results: a message
// one receive took is handed on even when the other receive failed.
using MaybePair = std::pair<std::optional<std::string>, std::optional<std::string>>;

awaitable<MaybePair> takePair(Messages &a, Messages &b) {
  auto [order, ea, x, eb, y] =
      co_await make_parallel_group(a.async_receive(asio::deferred),
                                   b.async_receive(asio::deferred))
          .async_wait(wait_for_all(), use_awaitable);
  MaybePair r;
  if (!ea)
    r.first = std::move(x);
  if (!eb)
    r.second = std::move(y);
  co_return r;
}

// The examples are analyzed, not run: main() only makes this TU a program so
// that the build links it. The runnable demonstration is demo/lossy_race.cpp.
int main() {}
