// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/AsyncScope.h.
// add() takes an already-bound awaitable (co_withExecutor(exec, task)), not a
// bare Task; the work runs detached until joinAsync()/cleanup().
#pragma once
#include <cstddef>
#include <folly/coro/Task.h>

namespace folly::coro {
class AsyncScope {
public:
  AsyncScope() noexcept;
  explicit AsyncScope(bool throwOnJoin) noexcept;
  ~AsyncScope();
  std::size_t remaining() const noexcept;
  template <typename Awaitable> void add(Awaitable &&awaitable, void *returnAddress = nullptr);
  Task<void> joinAsync() noexcept;
  Task<void> cleanup() noexcept;
};
class CancellableAsyncScope {
public:
  template <typename Awaitable> void add(Awaitable &&awaitable, void *returnAddress = nullptr);
  Task<void> joinAsync() noexcept;
  Task<void> cancelAndJoinAsync() noexcept;
};
} // namespace folly::coro
