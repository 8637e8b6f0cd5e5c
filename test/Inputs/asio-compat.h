// Test header: the same scenario against Boost.Asio (default) or standalone
// asio (-DCOROSAFE_TEST_STANDALONE_ASIO). Real library headers, no mocks.
#pragma once
#ifdef COROSAFE_TEST_STANDALONE_ASIO
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/channel.hpp>
#include <asio/experimental/parallel_group.hpp>
namespace net = ::asio;
using error_code = std::error_code;
// asio 1.22 still has deferred in experimental.
inline constexpr auto deferred = ::asio::experimental::deferred;
#else
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
namespace net = boost::asio;
using error_code = boost::system::error_code;
inline constexpr auto deferred = boost::asio::deferred;
#endif
#include <array>
#include <cstring>
#include <string>
#include <vector>

using net::awaitable;
using net::use_awaitable;
using namespace net::experimental::awaitable_operators;
using tcp = net::ip::tcp;
using IntChannel = net::experimental::channel<void(error_code, int)>;
using StrChannel = net::experimental::channel<void(error_code, std::string)>;
