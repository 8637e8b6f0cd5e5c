// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/async_mutex.hpp,
// include/unifex/v1/async_mutex.hpp.
// Not thread-bound: a waiter is resumed by whoever calls unlock().
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
inline namespace v1 {
class async_mutex {
public:
  class lock_sender {
  public:
    using __value_type = void;
    lock_sender(const lock_sender &) = delete;
    lock_sender(lock_sender &&) = default;
  };
  async_mutex() noexcept;
  ~async_mutex();
  [[nodiscard]] bool try_lock() noexcept;
  [[nodiscard]] lock_sender async_lock() noexcept;
  void unlock() noexcept;
};
} // namespace v1
} // namespace unifex
