// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/lang/Hint.h (the async-usage markers)
// and folly/synchronization/Lock.h:253 (lock guards over a mutex without
// folly_coro_aware_mutex count as unsafe for async usage).
#pragma once
#include <type_traits>

namespace folly {
// A class is marked when it has the member alias folly_is_unsafe_for_async_usage
// = std::true_type, or a base or member of a marked type (false_type opts out).
struct unsafe_for_async_usage {
  using folly_is_unsafe_for_async_usage = std::true_type;
};
template <bool If> struct unsafe_for_async_usage_if {};
template <> struct unsafe_for_async_usage_if<true> {
  using folly_is_unsafe_for_async_usage = std::true_type;
};
namespace detail {
template <typename T, typename = void> struct is_unsafe_for_async_usage : std::false_type {};
template <typename T>
struct is_unsafe_for_async_usage<T, std::void_t<typename T::folly_is_unsafe_for_async_usage>>
    : T::folly_is_unsafe_for_async_usage {};
template <typename T> inline constexpr bool is_unsafe_for_async_usage_v = is_unsafe_for_async_usage<T>::value;
template <typename T, typename = void> struct has_coro_aware_mutex : std::false_type {};
template <typename T>
struct has_coro_aware_mutex<T, std::void_t<typename T::folly_coro_aware_mutex>> : std::true_type {};
} // namespace detail
template <typename T> constexpr bool is_coro_aware_mutex_v = detail::has_coro_aware_mutex<T>::value;
} // namespace folly
