// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/coro/{Lazy.h, ViaCoroutine.h, Dispatch.h, Traits.h}.
// Lazy<T> has no executor until via(ex) (-> RescheduleLazy, which schedules
// itself on ex when started or awaited) or until it is awaited by a Lazy
// (inherits the parent's executor, no reschedule). start(cb) runs it
// detached and calls cb(Try<T>). dispatch(ex) moves the awaiting Lazy to ex
// and makes ex its executor. Awaitables without a coAwait() member are
// wrapped in ViaAsyncAwaiter and resumed through checkout()/checkin().
#pragma once
#include <coroutine>
#include <type_traits>
#include <utility>
#include <async_simple/Executor.h>

namespace async_simple::coro {
template <typename T = void> class Lazy;
template <typename T = void> class RescheduleLazy;
struct CurrentExecutor {};
struct Yield {};

namespace detail {
template <typename T> struct ValueAwaiter {
  bool await_ready() const noexcept;
  template <typename P> std::coroutine_handle<> await_suspend(std::coroutine_handle<P>) noexcept;
  T await_resume();
};
template <typename A>
concept HasCoAwaitMethod = requires(A &&a) { static_cast<A &&>(a).coAwait(nullptr); };
class LazyPromiseBase {
public:
  std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
  void unhandled_exception() noexcept;
  template <typename Awaitable> decltype(auto) await_transform(Awaitable &&awaitable) {
    if constexpr (HasCoAwaitMethod<Awaitable>)
      return static_cast<Awaitable &&>(awaitable).coAwait(_executor);
    else
      return static_cast<Awaitable &&>(awaitable);
  }
  ValueAwaiter<Executor *> await_transform(CurrentExecutor);
  ValueAwaiter<void> await_transform(Yield);
  Executor *_executor = nullptr;
};
template <typename T> class LazyPromise : public LazyPromiseBase {
public:
  Lazy<T> get_return_object() noexcept;
  template <typename V> void return_value(V &&value);
};
template <> class LazyPromise<void> : public LazyPromiseBase {
public:
  Lazy<void> get_return_object() noexcept;
  void return_void() noexcept;
};
template <typename T, typename CB>
concept isLazyCallback = std::is_invocable_v<CB, Try<T>>;

template <typename T, bool reschedule> class LazyBase {
public:
  using promise_type = LazyPromise<T>;
  using ValueType = T;
  LazyBase(LazyBase &&) noexcept;
  ~LazyBase();
  bool isReady() const;
  // A RescheduleLazy has no coAwait(): awaited from a Lazy it goes through
  // ViaAsyncAwaiter and operator co_await (it runs on its own executor, the
  // caller comes back to its executor through checkout()/checkin()).
  ValueAwaiter<T> operator co_await();
  ValueAwaiter<Try<T>> coAwaitTry();
  // A body so that lambdas (types without linkage) can be passed.
  template <typename F>
    requires isLazyCallback<T, F>
  void start(F &&) {}
};
class DispatchAwaitable {
public:
  explicit DispatchAwaitable(Executor *ex);
  ValueAwaiter<void> coAwait(Executor *);
};
} // namespace detail

template <typename T> class [[nodiscard]] Lazy : public detail::LazyBase<T, false> {
public:
  using detail::LazyBase<T, false>::LazyBase;
  RescheduleLazy<T> via(Executor *ex) &&;
  [[deprecated]] Lazy<T> setEx(Executor *ex) &&;
  template <typename F>
    requires detail::isLazyCallback<T, F>
  void directlyStart(F &&, Executor *) {}
  using detail::LazyBase<T, false>::start;
  // Awaited from a Lazy: inherits the caller's executor, no reschedule.
  detail::ValueAwaiter<T> coAwait(Executor *ex);
};
template <typename T> class [[nodiscard]] RescheduleLazy : public detail::LazyBase<T, true> {
public:
  using detail::LazyBase<T, true>::LazyBase;
  void detach();
};

detail::DispatchAwaitable dispatch(Executor *ex);
} // namespace async_simple::coro
