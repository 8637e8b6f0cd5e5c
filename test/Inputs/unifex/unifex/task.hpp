// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07): include/unifex/task.hpp,
// source/task.cpp.
// task<T> is scheduler-affine: an awaited sender is wrapped in
// with_scheduler_affinity(s, sched_), so it resumes on the task's scheduler.
// The exception is co_await schedule(s): it moves the task to s and makes s
// its scheduler for the rest of the body; a cleanup at coroutine exit hops
// back so the awaiting parent resumes on its own scheduler.
#pragma once
#include <unifex/sender_concepts.hpp>

namespace unifex {
namespace _task {
template <typename T> struct _awaiter {
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
template <typename T, bool nothrow> struct _task {
  struct type;
};
template <typename T, bool nothrow> struct _return_value {
  template <typename U> void return_value(U &&);
};
template <bool nothrow> struct _return_value<void, nothrow> {
  void return_void() noexcept;
};
template <typename T, bool nothrow> struct _promise : _return_value<T, nothrow> {
  typename _task<T, nothrow>::type get_return_object() noexcept;
  std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
  void unhandled_exception() noexcept;
  template <typename Value> decltype(auto) await_transform(Value &&value);
};
template <typename T, bool nothrow> struct _task<T, nothrow>::type {
  using promise_type = _promise<T, nothrow>;
  using __value_type = T;
  type(type &&) noexcept;
  ~type();
  _awaiter<T> operator co_await() && noexcept;
};
template <typename S> struct _transformed {
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  __value_of<S> await_resume();
};
template <typename T, bool nothrow>
template <typename Value>
decltype(auto) _promise<T, nothrow>::await_transform(Value &&value) {
  if constexpr (sender<Value>)
    return _transformed<Value>{};
  else
    return static_cast<Value &&>(value);
}
} // namespace _task
template <typename T> using task = typename _task::_task<T, false>::type;
template <typename T> using nothrow_task = typename _task::_task<T, true>::type;
} // namespace unifex
