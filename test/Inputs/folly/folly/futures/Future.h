// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/futures/Future.h (only what Task::start()/semi() return).
#pragma once
#include <folly/Executor.h>
#include <folly/Try.h>

namespace folly {
template <typename T> class SemiFuture {
public:
  T get() &&;
};
} // namespace folly
