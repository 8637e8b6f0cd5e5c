// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/BoundedQueue.h.
// Capacity is the constructor argument (no default). enqueue() suspends while
// full, dequeue() while empty; try_* never suspend. folly warns that
// dequeue() must not be wrapped in timeout() (use timeoutNoDiscard or
// co_try_dequeue_for).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <folly/coro/Task.h>

namespace folly::coro {
template <typename T, bool SingleProducer = false, bool SingleConsumer = false> class BoundedQueue {
public:
  explicit BoundedQueue(uint32_t capacity);
  BoundedQueue(const BoundedQueue &) = delete;
  BoundedQueue &operator=(const BoundedQueue &) = delete;
  template <typename U = T> Task<void> enqueue(U &&item);
  template <typename U = T> bool try_enqueue(U &&item);
  Task<T> dequeue();
  template <typename Duration> Task<T> co_try_dequeue_for(Duration timeout);
  Task<void> dequeue(T &item);
  std::optional<T> try_dequeue();
  bool try_dequeue(T &item);
  bool empty() const;
  std::size_t size() const;
};
} // namespace folly::coro
