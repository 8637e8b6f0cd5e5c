// A relay that drops a message when its idle timer fires in the same turn
// as a receive: corosafe-cancel-select reports it at the merge.
#include "stats.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using Channel = net::experimental::channel<void(boost::system::error_code, int)>;

net::awaitable<void> relay(Channel &in, Channel &out, Stats &stats) {
  net::steady_timer idle(co_await net::this_coro::executor);
  for (;;) {
    idle.expires_after(std::chrono::seconds(1));
    auto r = co_await (in.async_receive(net::use_awaitable) ||
                       idle.async_wait(net::use_awaitable));
    if (r.index() == 1)
      continue;
    ++stats.received;
    co_await out.async_send(boost::system::error_code{}, std::get<0>(r),
                            net::use_awaitable);
    ++stats.forwarded;
  }
}
