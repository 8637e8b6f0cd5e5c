// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/manual_event_loop.hpp.
// Single-threaded: work runs on the thread that calls run().
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
namespace _manual_event_loop {
class context {
public:
  class scheduler {
  public:
    __sender<void> schedule() const noexcept;
    friend bool operator==(scheduler a, scheduler b) noexcept;
  };
  scheduler get_scheduler();
  void run();
  void stop();
};
} // namespace _manual_event_loop
using manual_event_loop = _manual_event_loop::context;
} // namespace unifex
