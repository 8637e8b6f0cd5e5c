// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/{Executor.h, Signal.h, Try.h}.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>

namespace async_simple {
// Signal.h: an unscoped enum; collectAny/collectAll take it as a template
// argument (default None = send nothing to the losers).
enum SignalType : uint64_t {
  None = 0,
  Terminate = 1,
  All = UINT64_MAX,
};

template <typename T> class Try {
public:
  Try() = default;
  bool hasError() const noexcept;
  std::exception_ptr getException() const;
  const T &value() const &;
  T &value() &;
  T &&value() &&;
};
template <> class Try<void> {
public:
  bool hasError() const noexcept;
  std::exception_ptr getException() const;
  void value();
};

// Executor.h: schedule(func) runs func on the executor; checkout()/checkin()
// let an awaiter come back to the context (for SimpleExecutor: the worker
// thread) it left.
class Executor {
public:
  using Func = std::function<void()>;
  using Context = void *;
  using Duration = std::chrono::duration<int64_t, std::micro>;
  enum class Priority { HIGHEST = 0x0, DEFAULT = 0x7, LOWEST = 0xF };
  Executor() = default;
  virtual ~Executor() {}
  virtual bool schedule(Func func) = 0;
  virtual bool currentThreadInExecutor() const;
  virtual std::size_t currentContextId() const;
  virtual Context checkout();
  virtual bool checkin(Func func, Context ctx);
  virtual void schedule(Func func, Duration dur);
};
} // namespace async_simple
