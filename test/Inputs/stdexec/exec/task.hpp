// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20): include/exec/task.hpp.
// exec::task is scheduler-affine (default_task_context is __sticky): its
// await_transform wraps every awaited sender in continues_on(s, start
// scheduler), so co_await schedule(other) does not move it.
// co_await reschedule_coroutine_on(sch) does (await_transform overload for
// __reschedule_coroutine_on_t::__wrapper).
#pragma once
#include <stdexec/execution.hpp>

COROSAFE_EXEC_NAMESPACE_BEGIN
namespace __task {
struct __reschedule_coroutine_on_t {
  template <class Scheduler> struct __wrapper {
    Scheduler __sched_;
  };
  template <stdexec::scheduler Scheduler> auto operator()(Scheduler sch) const noexcept -> __wrapper<Scheduler>;
};
template <class T> struct default_task_context {};
template <class T, class Context> class basic_task;
template <class T, class Context> struct __promise_base {
  template <class U> void return_value(U &&);
};
template <class Context> struct __promise_base<void, Context> {
  void return_void() noexcept;
};
template <class T, class Context = default_task_context<T>> class [[nodiscard]] basic_task {
public:
  struct __promise : __promise_base<T, Context>, stdexec::with_awaitable_senders<__promise> {
    basic_task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
    using stdexec::with_awaitable_senders<__promise>::await_transform;
    template <class Scheduler> stdexec::__sender_awaiter<void> await_transform(__reschedule_coroutine_on_t::__wrapper<Scheduler>) noexcept;
  };
  using promise_type = __promise;
  using sender_concept = stdexec::sender_t;
  using __value_type = T;
  basic_task(basic_task &&) noexcept;
  ~basic_task();
  stdexec::__sender_awaiter<T> operator co_await() && noexcept;
};
} // namespace __task
template <class T> using default_task_context = __task::default_task_context<T>;
template <class T, class Context = default_task_context<T>> using basic_task = __task::basic_task<T, Context>;
template <class T> using task = basic_task<T, default_task_context<T>>;
inline constexpr __task::__reschedule_coroutine_on_t reschedule_coroutine_on{};
COROSAFE_EXEC_NAMESPACE_END
