// The channels of the ring, shared by the three stages of two Bazel
// packages. Each stage sees only its own operations; the ring exists only in
// the whole program.
#pragma once
#include <boost/asio.hpp>
#include <boost/asio/experimental/channel.hpp>

namespace net = boost::asio;
using boost::system::error_code;
using net::awaitable;
using net::use_awaitable;
using IntChannel = net::experimental::channel<void(error_code, int)>;

struct Bus {
  explicit Bus(const net::any_io_executor &ex)
      : a_to_b(ex, RING_CAPACITY), b_to_c(ex, RING_CAPACITY),
        c_to_a(ex, RING_CAPACITY) {}
  IntChannel a_to_b;
  IntChannel b_to_c;
  IntChannel c_to_a;
};

awaitable<void> stage_a(Bus &bus);
awaitable<void> stage_b(Bus &bus);
awaitable<void> stage_c(Bus &bus);
