// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/when_all.hpp,
// include/cppcoro/when_all_ready.hpp, include/cppcoro/sync_wait.hpp.
// All-of only: cppcoro has no when_any / select.
#pragma once
#include <tuple>
#include <vector>
#include <cppcoro/task.hpp>

namespace cppcoro {
namespace detail {
template <typename T>
using when_all_value_t = std::conditional_t<std::is_void_v<T>, std::tuple<>, std::tuple<std::remove_cvref_t<T>>>;
template <typename... A>
using when_all_tuple_t = decltype(std::tuple_cat(std::declval<when_all_value_t<typename awaitable_traits<A>::await_result_t>>()...));
} // namespace detail
template <typename... AWAITABLES>
[[nodiscard]] auto when_all(AWAITABLES &&...awaitables) -> detail::value_awaiter<detail::when_all_tuple_t<AWAITABLES...>>;
template <typename AWAITABLE, typename RESULT = typename awaitable_traits<AWAITABLE>::await_result_t>
  requires(!std::is_void_v<RESULT>)
[[nodiscard]] auto when_all(std::vector<AWAITABLE> awaitables) -> detail::value_awaiter<std::vector<std::remove_cvref_t<RESULT>>>;
template <typename AWAITABLE, typename RESULT = typename awaitable_traits<AWAITABLE>::await_result_t>
  requires std::is_void_v<RESULT>
[[nodiscard]] auto when_all(std::vector<AWAITABLE> awaitables) -> detail::value_awaiter<void>;
template <typename... AWAITABLES>
[[nodiscard]] auto when_all_ready(AWAITABLES &&...awaitables) -> detail::value_awaiter<std::tuple<std::remove_cvref_t<AWAITABLES>...>>;
template <typename AWAITABLE>
auto sync_wait(AWAITABLE &&awaitable) -> typename awaitable_traits<AWAITABLE &&>::await_result_t;
} // namespace cppcoro
