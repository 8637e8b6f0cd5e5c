// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/Executor.h.
// Executor::KeepAlive<> is the executor handle every coro API takes.
#pragma once
#include <functional>

namespace folly {
class Executor;
template <typename ExecutorT = Executor> class ExecutorKeepAlive {
public:
  ExecutorKeepAlive() = default;
  /* implicit */ ExecutorKeepAlive(ExecutorT *executor);
  template <typename Other> /* implicit */ ExecutorKeepAlive(const ExecutorKeepAlive<Other> &other) noexcept;
  ExecutorT *get() const;
  ExecutorT *operator->() const;
};
class Executor {
public:
  template <typename ExecutorT = Executor> using KeepAlive = ExecutorKeepAlive<ExecutorT>;
  virtual ~Executor();
  virtual void add(std::function<void()>) = 0;
  template <typename ExecutorT> static KeepAlive<ExecutorT> getKeepAliveToken(ExecutorT *executor);
  template <typename ExecutorT> static KeepAlive<ExecutorT> getKeepAliveToken(ExecutorT &executor);
};
template <typename ExecutorT> Executor::KeepAlive<ExecutorT> getKeepAliveToken(ExecutorT *executor);
template <typename ExecutorT> Executor::KeepAlive<ExecutorT> getKeepAliveToken(ExecutorT &executor);
} // namespace folly
