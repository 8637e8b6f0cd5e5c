// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/stop_when.hpp.
// stop_when(source, trigger): when trigger completes, stop is requested on
// source; the result is always the source's own (value, error or done).
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
namespace _stop_when_cpo {
template <typename Trigger> struct _closure {
  Trigger trigger;
  template <sender S> friend auto operator|(S &&, _closure) -> __sender<__value_of<S>> { return {}; }
};
struct _fn {
  template <sender Source, sender Trigger>
  auto operator()(Source &&source, Trigger &&trigger) const -> __sender<__value_of<Source>>;
  template <sender Trigger> auto operator()(Trigger &&trigger) const -> _closure<std::remove_cvref_t<Trigger>>;
};
} // namespace _stop_when_cpo
inline constexpr _stop_when_cpo::_fn stop_when{};
} // namespace unifex
