// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/ThreadPoolExecutor.h.
// Thread count: the first constructor argument of the pools (size_t, or a
// pair<max, min>); numThreads() / setNumThreads() at run time.
#pragma once
#include <cstddef>
#include <folly/Executor.h>

namespace folly {
class ThreadFactory;
class ThreadPoolExecutor : public Executor {
public:
  ~ThreadPoolExecutor() override;
  void add(std::function<void()>) override;
  std::size_t numThreads() const;
  void setNumThreads(std::size_t numThreads);
  void stop();
  void join();
};
} // namespace folly
