// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/UnboundedQueue.h.
// enqueue() is a plain call that never suspends (no capacity).
#pragma once
#include <cstddef>
#include <optional>
#include <folly/coro/Task.h>

namespace folly::coro {
template <typename T, bool SingleProducer = false, bool SingleConsumer = false, bool MayBlock = false,
          std::size_t LgSegmentSize = 8>
class UnboundedQueue {
public:
  template <typename U = T> void enqueue(U &&val);
  Task<T> dequeue();
  template <typename Duration> Task<T> co_try_dequeue_for(Duration timeout);
  Task<void> dequeue(T &out);
  std::optional<T> try_dequeue(); // folly::Optional<T> in the real file
  bool try_dequeue(T &out);
  bool empty() const;
  const T *try_peek() noexcept;
  std::size_t size() const;
};
} // namespace folly::coro
