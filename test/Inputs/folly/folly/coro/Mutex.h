// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Mutex.h.
// Not thread-bound: the holder may resume on another thread and unlock there.
// folly_coro_aware_mutex keeps std::unique_lock<coro::Mutex> out of folly's
// unsafe_for_async_usage rule (folly/lang/Hint.h, synchronization/Lock.h).
#pragma once
#include <coroutine>
#include <mutex>
#include <type_traits>
#include <folly/Executor.h>

namespace folly::coro {
class Mutex {
  template <typename Result> struct LockOperation {
    bool await_ready() noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    Result await_resume() noexcept;
  };

public:
  Mutex() noexcept;
  ~Mutex();
  Mutex(const Mutex &) = delete;
  Mutex &operator=(const Mutex &) = delete;
  bool try_lock() noexcept;
  [[nodiscard]] LockOperation<std::unique_lock<Mutex>> co_scoped_lock() noexcept;
  [[nodiscard]] LockOperation<void> co_lock() noexcept;
  void unlock() noexcept;
  using folly_coro_aware_mutex = std::true_type;
};
} // namespace folly::coro
