// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/coro/Sleep.h. Honours SignalType::Terminate.
#pragma once
#include <chrono>
#include <cstdint>
#include <async_simple/coro/Lazy.h>

namespace async_simple::coro {
template <typename Rep, typename Period> Lazy<void> sleep(Executor *ex, std::chrono::duration<Rep, Period> dur);
template <typename Rep, typename Period> Lazy<void> sleep(std::chrono::duration<Rep, Period> dur);
} // namespace async_simple::coro
