// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/task.hpp,
// include/cppcoro/awaitable_traits.hpp.
// The real library includes <experimental/coroutine>; this one uses <coroutine>.
// task<T> is lazy and has no scheduler affinity: final_suspend transfers to the
// awaiting coroutine on whatever thread the task finished on.
#pragma once
#include <coroutine>
#include <exception>
#include <type_traits>
#include <utility>

namespace cppcoro {
template <typename T = void> class task;
namespace detail {
template <typename T> struct value_awaiter {
  bool await_ready() const noexcept;
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
class task_promise_base {
public:
  std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
};
template <typename T> class task_promise final : public task_promise_base {
public:
  task<T> get_return_object() noexcept;
  void unhandled_exception() noexcept;
  template <typename VALUE> void return_value(VALUE &&value);
};
template <> class task_promise<void> final : public task_promise_base {
public:
  task<void> get_return_object() noexcept;
  void unhandled_exception() noexcept;
  void return_void() noexcept;
};
template <typename A> struct await_result {
  using type = decltype(std::declval<A>().operator co_await().await_resume());
};
template <typename A>
  requires requires(A &&a) { static_cast<A &&>(a).await_resume(); }
struct await_result<A> {
  using type = decltype(std::declval<A>().await_resume());
};
} // namespace detail
template <typename A> struct awaitable_traits {
  using await_result_t = typename detail::await_result<A>::type;
};

template <typename T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;
  task() noexcept;
  task(task &&t) noexcept;
  task &operator=(task &&other) noexcept;
  ~task();
  bool is_ready() const noexcept;
  detail::value_awaiter<T &> operator co_await() const & noexcept;
  detail::value_awaiter<T &&> operator co_await() const && noexcept;
  detail::value_awaiter<void> when_ready() const noexcept;
};
template <> class [[nodiscard]] task<void> {
public:
  using promise_type = detail::task_promise<void>;
  using value_type = void;
  task() noexcept;
  task(task &&t) noexcept;
  task &operator=(task &&other) noexcept;
  ~task();
  bool is_ready() const noexcept;
  detail::value_awaiter<void> operator co_await() const & noexcept;
  detail::value_awaiter<void> operator co_await() const && noexcept;
  detail::value_awaiter<void> when_ready() const noexcept;
};
template <typename AWAITABLE>
auto make_task(AWAITABLE awaitable) -> task<typename awaitable_traits<AWAITABLE &&>::await_result_t>;
} // namespace cppcoro
