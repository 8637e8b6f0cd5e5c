// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/IOThreadPoolExecutor.h.
// Multi-threaded pool of EventBase threads (each added task goes to one of them).
#pragma once
#include <cstddef>
#include <memory>
#include <folly/executors/ThreadPoolExecutor.h>

namespace folly {
class EventBaseManager;
class IOThreadPoolExecutor : public ThreadPoolExecutor {
public:
  explicit IOThreadPoolExecutor(std::size_t numThreads, std::shared_ptr<ThreadFactory> threadFactory = nullptr,
                                EventBaseManager *ebm = nullptr);
  IOThreadPoolExecutor(std::size_t maxThreads, std::size_t minThreads,
                       std::shared_ptr<ThreadFactory> threadFactory = nullptr, EventBaseManager *ebm = nullptr);
  ~IOThreadPoolExecutor() override;
};
} // namespace folly
