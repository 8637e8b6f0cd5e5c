// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/when_any.hpp.
// The first completion (value, error or stopped) wins a compare_exchange and
// is kept; the shared stop source then requests stop on the rest; completions
// that arrive later are dropped.
#pragma once
#include <stdexec/execution.hpp>

COROSAFE_EXEC_NAMESPACE_BEGIN
namespace __when_any {
template <class... S> using __common_value_t = std::common_type_t<stdexec::__value_of<S>...>;
struct __when_any_t {
  auto operator()() const noexcept = delete;
  template <stdexec::sender... S>
  auto operator()(S &&...sndrs) const -> stdexec::__sender<__common_value_t<S...>>;
};
inline constexpr __when_any_t when_any{};
} // namespace __when_any
using __when_any::when_any;
COROSAFE_EXEC_NAMESPACE_END
