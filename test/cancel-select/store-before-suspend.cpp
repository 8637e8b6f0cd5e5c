// The atomic fix: what was taken is stored outside the coroutine frame (a
// reference parameter, a member, a container behind a pointer, a sink
// called for its effect) before the next suspension point. Cancelling the
// loser then loses nothing. Also silent: a buffer that lives outside the
// frame, and a buffer re-read at the top of the next iteration. Last, one
// positive: printing is not delivering.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <cstdio>

void deliver(const std::string &);

awaitable<void> to_reference(StrChannel &in, std::vector<std::string> &out) {
  for (;;) {
    std::string msg = co_await in.async_receive(use_awaitable);
    out.push_back(std::move(msg));
  }
}

struct Session {
  std::string last;
  std::vector<char> pending;
  std::array<char, 512> buf;
  tcp::socket *sock;

  awaitable<void> to_member(StrChannel &in) {
    for (;;) {
      std::string msg = co_await in.async_receive(use_awaitable);
      last = msg;
    }
  }
  awaitable<void> member_buffer() {
    for (;;) {
      std::size_t n = co_await sock->async_read_some(net::buffer(buf), use_awaitable);
      pending.insert(pending.end(), buf.begin(), buf.begin() + n);
    }
  }
  awaitable<void> local_buffer_copied_out(net::steady_timer &t) {
    std::array<char, 512> local;
    for (;;) {
      t.expires_after(std::chrono::milliseconds(10));
      co_await t.async_wait(use_awaitable);
      std::size_t n = co_await sock->async_read_some(net::buffer(local), use_awaitable);
      std::memcpy(buf.data(), local.data(), n);
    }
  }
};

awaitable<void> to_sink(StrChannel &in) {
  for (;;) {
    auto msg = co_await in.async_receive(use_awaitable);
    deliver(msg);
  }
}

awaitable<void> run(StrChannel &in, std::vector<std::string> &out,
                    Session &s, net::steady_timer &t) {
  co_await (to_reference(in, out) || t.async_wait(use_awaitable));
  co_await (s.to_member(in) || t.async_wait(use_awaitable));
  co_await (s.member_buffer() || t.async_wait(use_awaitable));
  co_await (s.local_buffer_copied_out(t) || t.async_wait(use_awaitable));
  co_await (to_sink(in) || t.async_wait(use_awaitable));
}

// Looking at the data is not delivering it: logging before the send still
// holds the message across the send.
awaitable<void> log_then_send(StrChannel &in, StrChannel &out) {
  for (;;) {
    std::string m = co_await in.async_receive(use_awaitable);
    std::printf("%s\n", m.c_str());
    co_await out.async_send(error_code{}, m, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'm' by 'async_receive' is held across this suspension point
  }
}

awaitable<void> run2(StrChannel &in, StrChannel &out, net::steady_timer &t) {
  co_await (log_then_send(in, out) || t.async_wait(use_awaitable));
}
