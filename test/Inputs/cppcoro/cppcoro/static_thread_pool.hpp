// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/static_thread_pool.hpp.
// Multi-threaded; thread count is the constructor argument (default:
// std::thread::hardware_concurrency()), thread_count() at run time.
// co_await pool.schedule() resumes the coroutine on a pool thread and it
// stays there.
#pragma once
#include <coroutine>
#include <cstdint>

namespace cppcoro {
class static_thread_pool {
public:
  static_thread_pool();
  explicit static_thread_pool(std::uint32_t threadCount);
  ~static_thread_pool();
  class schedule_operation {
  public:
    schedule_operation(static_thread_pool *tp) noexcept;
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<> awaitingCoroutine) noexcept;
    void await_resume() noexcept;
  };
  std::uint32_t thread_count() const noexcept;
  [[nodiscard]] schedule_operation schedule() noexcept;
};
} // namespace cppcoro
