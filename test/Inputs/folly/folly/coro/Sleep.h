// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Sleep.h.
#pragma once
#include <chrono>
#include <folly/coro/Task.h>

namespace folly {
class Timekeeper;
using HighResDuration = std::chrono::nanoseconds;
} // namespace folly
namespace folly::coro {
Task<void> sleep(HighResDuration d, Timekeeper *tk = nullptr);
Task<void> sleepReturnEarlyOnCancel(HighResDuration d, Timekeeper *tk = nullptr);
} // namespace folly::coro
