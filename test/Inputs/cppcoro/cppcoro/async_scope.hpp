// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/async_scope.hpp.
// spawn(a) starts a detached; join() waits for all spawned work.
#pragma once
#include <coroutine>

namespace cppcoro {
class async_scope {
public:
  struct join_operation {
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  async_scope() noexcept;
  ~async_scope();
  template <typename AWAITABLE> void spawn(AWAITABLE &&awaitable);
  [[nodiscard]] join_operation join() noexcept;
};
} // namespace cppcoro
