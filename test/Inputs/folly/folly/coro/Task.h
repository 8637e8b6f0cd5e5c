// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Task.h.
// Task<T> is lazy and bound to its awaiter's executor: every co_await inside a
// Task resumes on that executor (co_viaIfAsync). co_withExecutor(exec, task)
// binds a task to another executor (the child runs there; the parent still
// resumes on its own); Task::scheduleOn(exec) is the deprecated member form.
// Also mirrors folly/lang/CustomizationPoint.h (FOLLY_DEFINE_CPO).
#pragma once
#include <coroutine>
#include <exception>
#include <utility>
#include <folly/CancellationToken.h>
#include <folly/Executor.h>
#include <folly/Try.h>
#include <folly/futures/Future.h>

namespace folly::coro {
template <typename T = void> class Task;
template <typename T = void> class TaskWithExecutor;

namespace detail {
template <typename T> struct TaskAwaiter {
  bool await_ready() noexcept;
  template <typename Promise> std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise>) noexcept;
  T await_resume();
};
struct TaskPromiseBase {
  std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
  void unhandled_exception() noexcept;
};
template <typename T> class TaskPromise : public TaskPromiseBase {
public:
  using StorageType = T;
  Task<T> get_return_object() noexcept;
  template <typename U = T> void return_value(U &&value);
};
template <> class TaskPromise<void> : public TaskPromiseBase {
public:
  using StorageType = void;
  Task<void> get_return_object() noexcept;
  void return_void() noexcept;
};
} // namespace detail

template <typename T> class [[nodiscard]] TaskWithExecutor {
public:
  using StorageType = T;
  SemiFuture<lift_unit_t<T>> start() &&;
  template <typename F> void start(F &&tryCallback, CancellationToken cancelToken = {}) &&;
  SemiFuture<lift_unit_t<T>> startInlineUnsafe() &&;
  detail::TaskAwaiter<T> operator co_await() && noexcept;
  std::pair<Task<T>, Executor::KeepAlive<>> unwrap() &&;
  Executor::KeepAlive<> getExecutor() const noexcept;
};

template <typename T> class [[nodiscard]] Task {
public:
  using promise_type = detail::TaskPromise<T>;
  using StorageType = T;
  Task(Task &&) noexcept;
  Task &operator=(Task) noexcept;
  ~Task();
  [[deprecated("use co_withExecutor(executor, task)")]]
  TaskWithExecutor<T> scheduleOn(Executor::KeepAlive<> executor) && noexcept;
  SemiFuture<lift_unit_t<T>> semi() &&;
  detail::TaskAwaiter<T> operator co_await() && noexcept;
  // Found by ADL from the co_withExecutor CPO below.
  friend TaskWithExecutor<T> co_withExecutor(Executor::KeepAlive<> executor, Task task) noexcept;
};

// co_withExecutor is a customisation-point object (Task.h:281-304,
// lang/CustomizationPoint.h FOLLY_DEFINE_CPO): a call is
// WithExecutorFunction::operator()(executor, awaitable), which calls the
// awaitable's hidden friend co_withExecutor(executor, task).
namespace detail::adl {
void co_withExecutor();
struct WithExecutorFunction {
  template <typename Awaitable>
  auto operator()(Executor::KeepAlive<> executor, Awaitable awaitable) const
      -> decltype(co_withExecutor(static_cast<Executor::KeepAlive<> &&>(executor),
                                  static_cast<Awaitable &&>(awaitable)));
};
} // namespace detail::adl
namespace folly_cpo__ {
inline constexpr detail::adl::WithExecutorFunction co_withExecutor{};
}
using namespace folly_cpo__;
// co_withCancellation is a CPO of the same shape (token, task); one function
// template here.
template <typename T> Task<T> co_withCancellation(CancellationToken cancelToken, Task<T> &&task) noexcept;
} // namespace folly::coro
