// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/ManualExecutor.h.
// Runs work on the thread that calls run()/drain().
#pragma once
#include <cstddef>
#include <folly/Executor.h>

namespace folly {
class ManualExecutor : public Executor {
public:
  ManualExecutor();
  ~ManualExecutor() override;
  void add(std::function<void()>) override;
  std::size_t run();
  void drain();
};
} // namespace folly
