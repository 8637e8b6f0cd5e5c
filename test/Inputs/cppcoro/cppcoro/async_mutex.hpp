// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/async_mutex.hpp.
// Not thread-bound: unlock() resumes the next waiter on the unlocking thread.
#pragma once
#include <coroutine>
#include <mutex>

namespace cppcoro {
class async_mutex;
class async_mutex_lock {
public:
  explicit async_mutex_lock(async_mutex &mutex, std::adopt_lock_t) noexcept;
  async_mutex_lock(async_mutex_lock &&other) noexcept;
  async_mutex_lock(const async_mutex_lock &) = delete;
  async_mutex_lock &operator=(const async_mutex_lock &) = delete;
  ~async_mutex_lock();
};
class async_mutex_lock_operation {
public:
  explicit async_mutex_lock_operation(async_mutex &mutex) noexcept;
  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept;
  void await_resume() const noexcept;
};
class async_mutex_scoped_lock_operation : public async_mutex_lock_operation {
public:
  using async_mutex_lock_operation::async_mutex_lock_operation;
  [[nodiscard]] async_mutex_lock await_resume() const noexcept;
};
class async_mutex {
public:
  async_mutex() noexcept;
  ~async_mutex();
  bool try_lock() noexcept;
  async_mutex_lock_operation lock_async() noexcept;
  async_mutex_scoped_lock_operation scoped_lock_async() noexcept;
  void unlock();
};
} // namespace cppcoro
