// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/static_thread_pool.hpp.
// Multi-threaded; thread count is the constructor argument (default: hardware
// concurrency).
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
namespace _static_thread_pool {
class context {
public:
  class scheduler {
  public:
    __sender<void> schedule() const noexcept;
    friend bool operator==(scheduler a, scheduler b) noexcept;
  };
  context();
  context(std::uint32_t threadCount);
  ~context();
  scheduler get_scheduler() noexcept;
  void request_stop() noexcept;
};
} // namespace _static_thread_pool
using static_thread_pool = _static_thread_pool::context;
} // namespace unifex
