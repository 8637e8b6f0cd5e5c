// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/static_thread_pool.hpp.
// Multi-threaded: thread count is the first constructor argument (default:
// hardware concurrency), available_parallelism() at run time.
#pragma once
#include <stdexec/execution.hpp>

COROSAFE_EXEC_NAMESPACE_BEGIN
struct bwos_params {};
struct numa_policy {};
numa_policy get_numa_policy() noexcept;
struct static_thread_pool {
  struct scheduler {
    stdexec::__sender<void> schedule() const noexcept;
    bool operator==(const scheduler &) const noexcept = default;
  };
  static_thread_pool();
  explicit static_thread_pool(std::uint32_t thread_count, bwos_params params = {}, numa_policy numa = get_numa_policy());
  ~static_thread_pool();
  scheduler get_scheduler() noexcept;
  scheduler get_scheduler_on_thread(std::size_t thread_index) noexcept;
  void request_stop() noexcept;
  std::uint32_t available_parallelism() const noexcept;
};
COROSAFE_EXEC_NAMESPACE_END
