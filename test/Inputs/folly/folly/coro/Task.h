// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Task.h.
// Task<T> is lazy and bound to its awaiter's executor: every co_await inside a
// Task resumes on that executor (co_viaIfAsync). co_withExecutor(exec, task)
// binds a task to another executor (the child runs there; the parent still
// resumes on its own); Task::scheduleOn(exec) is the deprecated member form.
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
};

// The real co_withExecutor / co_withCancellation are customisation-point
// objects that dispatch to hidden friends of Task; one function template each
// has the same call shape: (executor, task) and (token, task).
template <typename T> TaskWithExecutor<T> co_withExecutor(Executor::KeepAlive<> executor, Task<T> task) noexcept;
template <typename T> Task<T> co_withCancellation(CancellationToken cancelToken, Task<T> &&task) noexcept;
} // namespace folly::coro
