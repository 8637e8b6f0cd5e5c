// Declaration-shaped stand-in for libunifex, written for corosafe's tests.
// Mirrors facebookexperimental/libunifex at c6e5af988fd2 (v0.4.0-178, 2026-05-07):
//   include/unifex/{sender_concepts,scheduler_concepts,just,then,on,via,
//   sync_wait,when_all,inplace_stop_token}.hpp.
// The sender model is reduced to one value type per sender (void for none);
// the real library uses value_types<Variant, Tuple>.
#pragma once
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace unifex {
template <typename T> struct __sender {
  using __value_type = T;
  static constexpr bool sends_done = true;
};
template <typename S>
concept sender = requires { typename std::remove_cvref_t<S>::__value_type; };
template <typename S> using __value_of = typename std::remove_cvref_t<S>::__value_type;
template <typename S>
concept scheduler = requires(std::remove_cvref_t<S> &s) {
  { s.schedule() } -> sender;
};

namespace _schedule {
// The sender schedule(s) returns is recognised by task<>'s await_transform
// (is_sender_for_v<..., schedule>): awaiting it moves the task.
template <typename Inner> struct _sender : Inner {
  using __value_type = void;
  using __schedule_sender = void;
};
struct _fn {
  template <scheduler S> auto operator()(S &&s) const -> _sender<decltype(s.schedule())>;
};
} // namespace _schedule
inline constexpr _schedule::_fn schedule{};

inline const struct _just_fn {
  __sender<void> operator()() const;
  template <typename T> __sender<std::decay_t<T>> operator()(T &&) const;
} just{};

namespace _then {
template <typename F, typename T> struct _result {
  using type = std::invoke_result_t<F, T>;
};
template <typename F> struct _result<F, void> {
  using type = std::invoke_result_t<F>;
};
struct _fn {
  template <sender S, typename F> auto operator()(S &&s, F f) const -> __sender<typename _result<F, __value_of<S>>::type>;
};
} // namespace _then
inline constexpr _then::_fn then{};

// on(sched, sndr): start sndr on sched. via(sched, sndr): complete on sched.
inline const struct _on_fn {
  template <scheduler Sch, sender S> auto operator()(Sch &&sch, S &&sndr) const -> __sender<__value_of<S>>;
} on{};
namespace _via {
struct _fn {
  template <scheduler Sch, sender S> auto operator()(Sch &&sch, S &&sndr) const -> __sender<__value_of<S>>;
};
} // namespace _via
inline constexpr _via::_fn via{};

template <typename T>
using __value_variant = std::conditional_t<std::is_void_v<T>, std::variant<std::tuple<>>, std::variant<std::tuple<T>>>;
// when_all(s...): sends one variant<tuple<values...>> per sender; a done or
// error from any one stops the others.
namespace _when_all::_cpo {
struct _fn {
  template <sender... S> auto operator()(S &&...sndrs) const -> __sender<std::tuple<__value_variant<__value_of<S>>...>>;
};
} // namespace _when_all::_cpo
inline constexpr _when_all::_cpo::_fn when_all{};

// sync_wait gives optional<value>, optional<unit> for a void sender, and
// nullopt when the sender completes done.
struct unit {};
namespace _sync_wait_cpo {
struct _fn {
  template <sender S>
  auto operator()(S &&sndr) const -> std::optional<std::conditional_t<std::is_void_v<__value_of<S>>, unit, __value_of<S>>>;
};
} // namespace _sync_wait_cpo
inline constexpr _sync_wait_cpo::_fn sync_wait{};

class inplace_stop_token {
public:
  bool stop_requested() const noexcept;
};
class inplace_stop_source {
public:
  inplace_stop_token get_token() noexcept;
  bool request_stop() noexcept;
};
} // namespace unifex
