// relay_fixed.cpp: the relay of relay_lossy.cpp written so that cancelling a
// losing operand loses nothing. corosafe reports nothing here.
//
//   build/bin/corosafe -p build/examples examples/cancel/relay_fixed.cpp
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

using Chunks = asio::experimental::channel<void(error_code, std::string)>;

// Fix 1: keep no taken data in the coroutine frame across a suspension. The
// bytes are moved into `pending`, a member of the Relay that outlives every
// pump() call, before the next co_await. If the timer wins while pump() waits
// in async_send, the chunk is still in `pending` and the next call sends it
// first. (A read cancelled before it completes has consumed nothing.)
class Relay {
public:
  Relay(tcp::socket &in, Chunks &out) : in_(in), out_(out) {}

  awaitable<void> runWithTimeout() {
    asio::steady_timer deadline(in_.get_executor(), 30s);
    co_await (pump() || deadline.async_wait(use_awaitable));
  }

private:
  awaitable<void> pump() {
    char buf[4096];
    for (;;) {
      if (pending_.empty()) {
        std::size_t n =
            co_await in_.async_read_some(asio::buffer(buf), use_awaitable);
        pending_.assign(buf, n); // delivered: now outside the frame
      }
      co_await out_.async_send(error_code{}, pending_, use_awaitable);
      pending_.clear();
    }
  }

  tcp::socket &in_;
  Chunks &out_;
  std::string pending_;
};

// Fix 2: the same idea for a received message. forwardOne() receives straight
// into storage outside its frame (the Forwarder) and removes from it only what
// the socket accepted, so a cancelled write leaves the rest for the next call.
class Forwarder {
public:
  Forwarder(Chunks &in, tcp::socket &out) : in_(in), out_(out) {}

  awaitable<void> untilShutdown(asio::steady_timer &shutdown) {
    co_await (session() || shutdown.async_wait(use_awaitable));
  }

private:
  awaitable<void> forwardOne() {
    if (pending_.empty())
      pending_ = co_await in_.async_receive(use_awaitable);
    std::size_t n =
        co_await out_.async_write_some(asio::buffer(pending_), use_awaitable);
    pending_.erase(0, n);
  }

  awaitable<void> session() {
    for (;;)
      co_await forwardOne();
  }

  Chunks &in_;
  tcp::socket &out_;
  std::string pending_;
};

// Fix 3: the composed read runs in its own task, which is never cancelled
// mid-way: it owns the stream and forwards whole lines through a channel.
// The consumer races only the channel receive against the idle timer, in a
// parallel group that handles every result.
awaitable<void> lineReader(tcp::socket &sock, Chunks &lines) {
  std::string buf;
  for (;;) {
    std::size_t n = co_await asio::async_read_until(
        sock, asio::dynamic_buffer(buf), '\n', use_awaitable);
    co_await lines.async_send(error_code{}, buf.substr(0, n), use_awaitable);
    buf.erase(0, n);
  }
}

awaitable<void> readLines(tcp::socket &sock, Chunks &lines, Chunks &out) {
  asio::co_spawn(sock.get_executor(), lineReader(sock, lines), asio::detached);
  asio::steady_timer idle(sock.get_executor());
  for (;;) {
    idle.expires_after(10s);
    auto [order, ec, line, idleEc] =
        co_await asio::experimental::make_parallel_group(
            lines.async_receive(asio::deferred), idle.async_wait(asio::deferred))
            .async_wait(asio::experimental::wait_for_one(), use_awaitable);
    if (!ec)
      co_await out.async_send(error_code{}, std::move(line), use_awaitable);
    else if (order[0] == 1)
      co_return; // idle for 10 s, and no line arrived
  }
}

// The examples are analyzed, not run: main() only makes this TU a program so
// that the build links it. The runnable demonstration is demo/lossy_race.cpp.
int main() {}
