// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/single_thread_context.hpp.
// One std::thread driving a run_loop: single-threaded.
#pragma once
#include <stdexec/execution.hpp>

COROSAFE_EXEC_NAMESPACE_BEGIN
class single_thread_context {
public:
  single_thread_context();
  ~single_thread_context();
  stdexec::run_loop::__scheduler get_scheduler() noexcept;
  std::thread::id get_thread_id() const noexcept;
};
COROSAFE_EXEC_NAMESPACE_END
