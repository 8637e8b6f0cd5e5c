// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/coro/Mutex.h.
// Not thread-bound: unlock() may resume a waiter that then runs elsewhere.
#pragma once
#include <coroutine>
#include <mutex>

namespace async_simple::coro {
class Mutex {
public:
  class LockAwaiter {
  public:
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  class ScopedLockAwaiter {
  public:
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    [[nodiscard]] std::unique_lock<Mutex> await_resume() noexcept;
  };
  Mutex() noexcept;
  ~Mutex();
  bool tryLock() noexcept;
  [[nodiscard]] ScopedLockAwaiter coScopedLock() noexcept;
  [[nodiscard]] LockAwaiter coLock() noexcept;
  void unlock() noexcept;
};
} // namespace async_simple::coro
