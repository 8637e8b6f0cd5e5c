// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/io_service.hpp.
// Work resumes on whichever threads call process_events() (one thread: single).
#pragma once
#include <chrono>
#include <coroutine>
#include <cstdint>

namespace cppcoro {
class io_service {
public:
  class schedule_operation {
  public:
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<> awaiter) noexcept;
    void await_resume() const noexcept;
  };
  class timed_schedule_operation {
  public:
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<> awaiter);
    void await_resume();
  };
  io_service();
  io_service(std::uint32_t concurrencyHint);
  ~io_service();
  [[nodiscard]] schedule_operation schedule() noexcept;
  template <typename REP, typename PERIOD>
  [[nodiscard]] timed_schedule_operation schedule_after(const std::chrono::duration<REP, PERIOD> &delay);
  std::uint64_t process_events();
  std::uint64_t process_pending_events();
  std::uint64_t process_one_event();
  std::uint64_t process_one_pending_event();
  void stop() noexcept;
};
} // namespace cppcoro
