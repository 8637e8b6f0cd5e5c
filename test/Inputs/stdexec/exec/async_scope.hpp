// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/async_scope.hpp.
// spawn(sndr) starts sndr detached inside the scope; spawn_future(sndr) gives
// a sender of its result; on_empty() is the join.
#pragma once
#include <stdexec/execution.hpp>

COROSAFE_EXEC_NAMESPACE_BEGIN
namespace __scope {
struct async_scope {
  async_scope() noexcept;
  ~async_scope();
  template <stdexec::sender S> auto when_empty(S &&c) const -> stdexec::__sender<stdexec::__value_of<S>>;
  stdexec::__sender<void> on_empty() const;
  template <stdexec::sender S> auto nest(S &&c) -> stdexec::__sender<stdexec::__value_of<S>>;
  template <class Env = stdexec::env<>, stdexec::sender S> void spawn(S &&sndr, Env env = {});
  template <class Env = stdexec::env<>, stdexec::sender S>
  auto spawn_future(S &&sndr, Env env = {}) -> stdexec::__sender<stdexec::__value_of<S>>;
  stdexec::inplace_stop_source &get_stop_source() noexcept;
  stdexec::inplace_stop_token get_stop_token() const noexcept;
  bool request_stop() noexcept;
};
} // namespace __scope
using __scope::async_scope;
COROSAFE_EXEC_NAMESPACE_END
