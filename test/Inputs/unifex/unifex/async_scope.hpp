// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/async_scope.hpp,
// include/unifex/v1/async_scope.hpp, spawn_detached.hpp, spawn_future.hpp.
// spawn*/detached_spawn* start work inside the scope; complete()/cleanup()
// are the joins (cleanup also requests stop).
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
inline namespace v1 {
struct async_scope {
  async_scope() noexcept;
  ~async_scope();
  template <sender S> auto spawn(S &&sndr) -> __sender<__value_of<S>>;
  template <sender S, scheduler Sch> auto spawn_on(Sch &&sch, S &&sndr) -> __sender<__value_of<S>>;
  template <scheduler Sch, typename Fun> auto spawn_call_on(Sch &&sch, Fun &&fun) -> __sender<std::invoke_result_t<Fun>>;
  template <sender S> void detached_spawn(S &&sndr);
  template <sender S, scheduler Sch> void detached_spawn_on(Sch &&sch, S &&sndr);
  template <scheduler Sch, typename Fun> void detached_spawn_call_on(Sch &&sch, Fun &&fun);
  [[nodiscard]] __sender<void> complete() noexcept;
  [[nodiscard]] __sender<void> cleanup() noexcept;
  inplace_stop_token get_stop_token() noexcept;
  void request_stop() noexcept;
};
} // namespace v1
namespace _spawn_detached {
struct _spawn_detached_fn {
  template <sender S, typename Scope> void operator()(S &&sndr, Scope &scope) const;
};
} // namespace _spawn_detached
inline constexpr _spawn_detached::_spawn_detached_fn spawn_detached{};
namespace _spawn_future {
struct _spawn_future_fn {
  template <sender S, typename Scope> auto operator()(S &&sndr, Scope &scope) const -> __sender<__value_of<S>>;
};
} // namespace _spawn_future
inline constexpr _spawn_future::_spawn_future_fn spawn_future{};
} // namespace unifex
