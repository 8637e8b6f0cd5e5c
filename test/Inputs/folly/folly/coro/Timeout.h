// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Timeout.h.
// timeout(op, d[, tk]): on expiry cancels op and throws FutureTimeout; a value
// op produced after the timer fired is discarded. timeoutNoDiscard(op, d[, tk])
// always returns op's own result.
#pragma once
#include <cstddef>
#include <folly/coro/Task.h>
#include <folly/coro/Traits.h>

namespace folly {
struct FutureTimeout : std::exception {};
class Timekeeper;
} // namespace folly

namespace folly::coro {
namespace detail {
template <typename SemiAwaitable, typename TimekeeperPtr> using TimeoutTask = Task<semi_await_result_t<SemiAwaitable>>;
}
template <typename SemiAwaitable, typename Duration, typename TimekeeperPtr = std::nullptr_t>
typename detail::TimeoutTask<SemiAwaitable, TimekeeperPtr> timeout(SemiAwaitable semiAwaitable, Duration timeoutDuration,
                                                                   TimekeeperPtr tk = nullptr);
template <typename SemiAwaitable, typename Duration, typename TimekeeperPtr = std::nullptr_t>
typename detail::TimeoutTask<SemiAwaitable, TimekeeperPtr> timeoutNoDiscard(SemiAwaitable semiAwaitable,
                                                                            Duration timeoutDuration,
                                                                            TimekeeperPtr tk = nullptr);
} // namespace folly::coro
