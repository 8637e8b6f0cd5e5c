// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/InlineExecutor.h.
// Runs each task immediately on the thread that adds it.
#pragma once
#include <folly/Executor.h>

namespace folly {
class InlineExecutor : public Executor {
public:
  static InlineExecutor &instance() noexcept;
  void add(std::function<void()>) override;
};
} // namespace folly
