// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/when_any.hpp.
// when_all over each sender with let_value(store_result): std::call_once keeps
// the first value; every sender then completes done, which stops the others;
// a value sent later is dropped. One-argument form returns its argument.
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
namespace _when_any {
struct _fn {
  template <sender First, sender... Rest>
    requires(sizeof...(Rest) > 0)
  auto operator()(First &&first, Rest &&...rest) const -> __sender<__value_of<First>>;
  template <sender First> First &&operator()(First &&first) const;
};
} // namespace _when_any
inline constexpr _when_any::_fn when_any{};
} // namespace unifex
