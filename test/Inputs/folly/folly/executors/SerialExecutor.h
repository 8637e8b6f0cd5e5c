// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/SerialExecutor.h.
// Serial (one task at a time, in order) over a parent executor that may be
// multi-threaded: consecutive tasks can run on different threads.
#pragma once
#include <folly/Executor.h>
#include <folly/executors/GlobalExecutor.h>

namespace folly {
namespace detail {
struct SerialExecutorQueue;
template <typename Queue> class SerialExecutorImpl : public Executor {
public:
  static KeepAlive<SerialExecutorImpl> create(KeepAlive<Executor> parent = getGlobalCPUExecutor());
  const KeepAlive<Executor> &parent() const;
  void add(std::function<void()>) override;
};
} // namespace detail
using SerialExecutor = detail::SerialExecutorImpl<detail::SerialExecutorQueue>;
} // namespace folly
