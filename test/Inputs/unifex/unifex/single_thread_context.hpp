// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/single_thread_context.hpp.
// One std::thread driving a manual_event_loop: single-threaded.
#pragma once
#include <unifex/manual_event_loop.hpp>

namespace unifex {
namespace _single_thread {
class context {
public:
  context();
  ~context();
  manual_event_loop::scheduler get_scheduler() noexcept;
  std::thread::id get_thread_id() const noexcept;
};
} // namespace _single_thread
using single_thread_context = _single_thread::context;
} // namespace unifex
