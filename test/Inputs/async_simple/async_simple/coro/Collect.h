// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/coro/Collect.h, async_simple/Signal.h.
// collectAny: the first completion wins; the others are started detached and
// their results are dropped when they arrive. The losers only receive a
// signal when SignalType (template argument 1) is not None; Terminate is
// honoured by sleeps, timers and future awaits.
#pragma once
#include <cstddef>
#include <memory>
#include <tuple>
#include <variant>
#include <vector>
#include <async_simple/coro/Lazy.h>

namespace async_simple::coro {
namespace detail {
template <typename T> struct CollectAnyResult {
  CollectAnyResult();
  CollectAnyResult(CollectAnyResult &&other);
  CollectAnyResult &operator=(CollectAnyResult &&other);
  std::size_t _idx;
  Try<T> _value;
  std::size_t index() const;
  bool hasError() const;
  std::exception_ptr getException() const;
  const T &value() const &;
  T &value() &;
  T &&value() &&;
};
template <> struct CollectAnyResult<void> {
  CollectAnyResult();
  CollectAnyResult(CollectAnyResult &&other);
  std::size_t _idx;
  Try<void> _value;
  std::size_t index() const;
  bool hasError() const;
  std::exception_ptr getException() const;
};
} // namespace detail

template <SignalType SignalType = SignalType::None, typename T, template <typename> typename LazyType,
          typename IAlloc = std::allocator<LazyType<T>>>
Lazy<detail::CollectAnyResult<typename LazyType<T>::ValueType>> collectAny(std::vector<LazyType<T>, IAlloc> &&input);
template <SignalType SignalType = SignalType::None, template <typename> typename LazyType, typename... Ts>
Lazy<std::variant<Try<Ts>...>> collectAny(LazyType<Ts>... awaitables);

// collectAll runs the inputs one after another on the current thread;
// collectAllPara schedules them on the executor.
template <SignalType SignalType = SignalType::None, typename T, template <typename> typename LazyType,
          typename IAlloc = std::allocator<LazyType<T>>, typename OAlloc = std::allocator<Try<T>>>
Lazy<std::vector<Try<typename LazyType<T>::ValueType>, OAlloc>> collectAll(std::vector<LazyType<T>, IAlloc> &&input,
                                                                            OAlloc out_alloc = OAlloc());
template <SignalType SignalType = SignalType::None, typename T, template <typename> typename LazyType,
          typename IAlloc = std::allocator<LazyType<T>>, typename OAlloc = std::allocator<Try<T>>>
Lazy<std::vector<Try<typename LazyType<T>::ValueType>, OAlloc>> collectAllPara(std::vector<LazyType<T>, IAlloc> &&input,
                                                                                OAlloc out_alloc = OAlloc());
template <SignalType SignalType = SignalType::None, template <typename> typename LazyType, typename... Ts>
Lazy<std::tuple<Try<typename LazyType<Ts>::ValueType>...>> collectAll(LazyType<Ts>... inputs);
template <SignalType SignalType = SignalType::None, template <typename> typename LazyType, typename... Ts>
Lazy<std::tuple<Try<typename LazyType<Ts>::ValueType>...>> collectAllPara(LazyType<Ts>... inputs);
} // namespace async_simple::coro
