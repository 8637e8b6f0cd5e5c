// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/BlockingWait.h
// (blockingWait is a function object there).
#pragma once
#include <folly/coro/Task.h>
#include <folly/coro/Traits.h>

namespace folly::coro {
template <typename SemiAwaitable> semi_await_result_t<SemiAwaitable> blockingWait(SemiAwaitable &&awaitable);
} // namespace folly::coro
