// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/static_thread_pool.hpp.
// Multi-threaded: thread count is the first constructor argument (default:
// hardware concurrency), available_parallelism() at run time. As in the real
// header, static_thread_pool derives privately from _pool_::_static_thread_pool
// and re-exports its nested scheduler and get_scheduler() with using-declarations.
#pragma once
#include <stdexec/execution.hpp>

COROSAFE_EXEC_NAMESPACE_BEGIN
struct bwos_params {};
struct numa_policy {};
numa_policy get_numa_policy() noexcept;
namespace _pool_ {
class _static_thread_pool {
public:
  _static_thread_pool();
  explicit _static_thread_pool(std::uint32_t threadCount, bwos_params params = {}, numa_policy numa = get_numa_policy());
  ~_static_thread_pool();
  struct scheduler {
    stdexec::__sender<void> schedule() const noexcept;
    bool operator==(const scheduler &) const noexcept = default;
  };
  scheduler get_scheduler() noexcept;
  scheduler get_scheduler_on_thread(std::size_t thread_index) noexcept;
  void request_stop() noexcept;
  std::uint32_t available_parallelism() const noexcept;
};
} // namespace _pool_
struct static_thread_pool : private _pool_::_static_thread_pool {
  static_thread_pool() = default;
  explicit static_thread_pool(std::uint32_t thread_count, bwos_params params = {}, numa_policy numa = get_numa_policy())
      : _pool_::_static_thread_pool(thread_count, params, numa) {}
  using _pool_::_static_thread_pool::scheduler;
  using _pool_::_static_thread_pool::get_scheduler;
  using _pool_::_static_thread_pool::get_scheduler_on_thread;
  using _pool_::_static_thread_pool::request_stop;
  using _pool_::_static_thread_pool::available_parallelism;
};
COROSAFE_EXEC_NAMESPACE_END
