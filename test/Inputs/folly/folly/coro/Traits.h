// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Traits.h (result of awaiting a semi-awaitable).
#pragma once
#include <type_traits>
#include <utility>

namespace folly::coro {
namespace detail {
template <typename A> struct await_result {
  using type = decltype(std::declval<A>().operator co_await().await_resume());
};
template <typename A>
  requires requires(A &&a) { static_cast<A &&>(a).await_resume(); }
struct await_result<A> {
  using type = decltype(std::declval<A>().await_resume());
};
} // namespace detail
template <typename SemiAwaitable>
using semi_await_result_t = typename detail::await_result<std::remove_cvref_t<SemiAwaitable>>::type;
} // namespace folly::coro
