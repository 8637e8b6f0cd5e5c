// relay_lossy.cpp: a socket-to-channel relay with an idle timeout, written
// the way that loses data. corosafe reports each hazard; relay_fixed.cpp has
// the same relay written so that cancellation loses nothing.
//
//   build/bin/corosafe -p build/examples examples/cancel/relay_lossy.cpp
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>

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

// Hazard 1: bytes read into a frame-local buffer are still in the frame while
// the coroutine waits for room in the channel. When the timer wins the '||'
// below, pump() is destroyed at that co_await and the bytes are gone: they
// were already consumed from the socket but never reached the channel.
awaitable<void> pump(tcp::socket &in, Chunks &out) {
  char buf[4096];
  for (;;) {
    std::size_t n = co_await in.async_read_some(asio::buffer(buf), use_awaitable);
    co_await out.async_send(error_code{}, std::string(buf, n), use_awaitable);
  }
}

awaitable<void> relayWithTimeout(tcp::socket &in, Chunks &out) {
  asio::steady_timer deadline(in.get_executor(), 30s);
  co_await (pump(in, out) || deadline.async_wait(use_awaitable));
}

// Hazard 2, through a call chain: forwardOne() holds the received message in
// a local while it writes it; session() awaits forwardOne(), and session() is
// the operand that loses the '||'. corosafe follows awaited coroutines (up to
// MaxDepth levels) and shows the chain in notes.
awaitable<void> forwardOne(Chunks &in, tcp::socket &out) {
  std::string msg = co_await in.async_receive(use_awaitable);
  co_await out.async_write_some(asio::buffer(msg), use_awaitable);
}

awaitable<void> session(Chunks &in, tcp::socket &out) {
  for (;;)
    co_await forwardOne(in, out);
}

awaitable<void> sessionUntilShutdown(Chunks &in, tcp::socket &out,
                                     asio::steady_timer &shutdown) {
  co_await (session(in, out) || shutdown.async_wait(use_awaitable));
}

// Hazard 3: async_read_until is a composed operation. It may already have
// pulled bytes from the socket into `line` when the timer wins; the next call
// starts over with a fresh buffer and the partial line is lost.
awaitable<void> readLines(tcp::socket &sock, Chunks &out) {
  asio::steady_timer idle(sock.get_executor());
  for (;;) {
    std::string line;
    idle.expires_after(10s);
    auto r = co_await (asio::async_read_until(sock, asio::dynamic_buffer(line),
                                              '\n', use_awaitable) ||
                       idle.async_wait(use_awaitable));
    if (r.index() == 1)
      co_return; // idle for 10 s
    co_await out.async_send(error_code{}, std::move(line), use_awaitable);
  }
}

// The examples are analyzed, not run: main() only makes this TU a program so
// that the build links it. The runnable demonstration is demo/lossy_race.cpp.
int main() {}
