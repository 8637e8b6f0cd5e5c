// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/CPUThreadPoolExecutor.h.
// Multi-threaded: a coroutine bound to it may resume on any pool thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <folly/executors/ThreadPoolExecutor.h>

namespace folly {
class CPUThreadPoolExecutor : public ThreadPoolExecutor {
public:
  struct Options {};
  explicit CPUThreadPoolExecutor(std::size_t numThreads, Options opt = {});
  CPUThreadPoolExecutor(std::size_t numThreads, std::shared_ptr<ThreadFactory> threadFactory, Options opt = {});
  explicit CPUThreadPoolExecutor(std::pair<std::size_t, std::size_t> numThreads,
                                 std::shared_ptr<ThreadFactory> threadFactory = nullptr, Options opt = {});
  CPUThreadPoolExecutor(std::size_t numThreads, int8_t numPriorities,
                        std::shared_ptr<ThreadFactory> threadFactory = nullptr, Options opt = {});
  ~CPUThreadPoolExecutor() override;
};
} // namespace folly
