// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/CurrentExecutor.h.
#pragma once
#include <coroutine>
#include <folly/Executor.h>

namespace folly::coro {
namespace detail {
struct co_current_executor_ {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) const noexcept;
  Executor *await_resume() const noexcept;
};
struct co_reschedule_on_current_executor_ {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) const noexcept;
  void await_resume() const noexcept;
};
} // namespace detail
using co_current_executor_t = detail::co_current_executor_;
inline constexpr co_current_executor_t co_current_executor{};
inline constexpr detail::co_reschedule_on_current_executor_ co_reschedule_on_current_executor{};
} // namespace folly::coro
