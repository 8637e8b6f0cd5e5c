// Declaration-shaped stand-in for NVIDIA/stdexec, written for corosafe's tests.
// Mirrors NVIDIA/stdexec at e92245d53dfc (nvhpc-26.05-244, 2026-08-20):
//   include/stdexec/execution.hpp and stdexec/__detail/{__execution_fwd,
//   __schedulers,__starts_on,__continues_on,__deprecations,__when_all,__then,
//   __just,__sync_wait,__run_loop,__spawn,__counting_scopes,__task}.hpp.
// -DCOROSAFE_STDEXEC_2509 gives the layout of tag nvhpc-25.09 (1f6379682dd1)
// instead: `namespace exec` proper (not an alias of experimental::execution),
// stdexec::start_detached and stdexec::transfer as plain CPOs, no stdexec::task.
// The sender model is reduced to one value type per sender (void for none);
// the real library uses completion signatures.
#pragma once
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>

#ifdef COROSAFE_STDEXEC_2509
#define COROSAFE_EXEC_NAMESPACE_BEGIN namespace exec {
#define COROSAFE_EXEC_NAMESPACE_END }
#else
#define COROSAFE_EXEC_NAMESPACE_BEGIN namespace experimental::execution {
#define COROSAFE_EXEC_NAMESPACE_END                                                                                   \
  }                                                                                                                    \
  namespace exec = experimental::execution;
#endif

namespace stdexec {
template <class... Props> struct env {};
struct sender_t {};
struct receiver_t {};
struct scheduler_t {};

template <class T> struct __sender {
  using sender_concept = sender_t;
  using __value_type = T;
};
template <class S>
concept sender = requires { typename std::remove_cvref_t<S>::sender_concept; };
template <class S> using __value_of = typename std::remove_cvref_t<S>::__value_type;
template <class S, class T>
concept sender_of = sender<S> && std::is_same_v<__value_of<S>, T>;
template <class S>
concept scheduler = requires(std::remove_cvref_t<S> &s) {
  { s.schedule() } -> sender;
};

struct schedule_t {
  template <scheduler S> auto operator()(S &&sch) const -> decltype(sch.schedule());
};
inline constexpr schedule_t schedule{};

struct just_t {
  __sender<void> operator()() const;
  template <class T> __sender<std::decay_t<T>> operator()(T &&) const;
};
inline constexpr just_t just{};

template <class F, class T> struct __then_result {
  using type = std::invoke_result_t<F, T>;
};
template <class F> struct __then_result<F, void> {
  using type = std::invoke_result_t<F>;
};
struct then_t {
  template <sender S, class F>
  auto operator()(S &&s, F f) const -> __sender<typename __then_result<F, __value_of<S>>::type>;
};
inline constexpr then_t then{};

// starts_on(sch, sndr): sndr starts on sch; its completion stays there.
struct starts_on_t {
  template <scheduler Sch, sender S> auto operator()(Sch &&sch, S &&sndr) const -> __sender<__value_of<S>>;
};
inline constexpr starts_on_t starts_on{};

// continues_on(sndr, sch) / sndr | continues_on(sch): completion moves to sch.
template <class Sch> struct __continues_on_closure {
  Sch __sch;
  template <sender S> friend auto operator|(S &&, __continues_on_closure) -> __sender<__value_of<S>> {
    return {};
  }
};
struct continues_on_t {
  template <sender S, scheduler Sch> auto operator()(S &&sndr, Sch &&sch) const -> __sender<__value_of<S>>;
  template <scheduler Sch> auto operator()(Sch &&sch) const -> __continues_on_closure<std::decay_t<Sch>>;
};
inline constexpr continues_on_t continues_on{};

// on(sch, sndr): run sndr on sch and come back to the start scheduler.
struct on_t {
  template <scheduler Sch, sender S> auto operator()(Sch &&sch, S &&sndr) const -> __sender<__value_of<S>>;
};
inline constexpr on_t on{};

template <class T> using __tuple_if = std::conditional_t<std::is_void_v<T>, std::tuple<>, std::tuple<T>>;
template <class... Ts> using __cat_t = decltype(std::tuple_cat(std::declval<__tuple_if<Ts>>()...));

// when_all(s...): all-of; completes with every value, stops the rest on error/stop.
struct when_all_t {
  template <sender... S> auto operator()(S &&...sndrs) const -> __sender<__cat_t<__value_of<S>...>>;
};
inline constexpr when_all_t when_all{};

struct sync_wait_t {
  template <sender S> auto operator()(S &&sndr) const -> std::optional<__tuple_if<__value_of<S>>>;
};
inline constexpr sync_wait_t sync_wait{};

struct inline_scheduler {
  __sender<void> schedule() const noexcept;
  bool operator==(const inline_scheduler &) const noexcept = default;
};

// run_loop: single-threaded; work runs on the thread that calls run().
class run_loop {
public:
  struct __scheduler {
    __sender<void> schedule() const noexcept;
    bool operator==(const __scheduler &) const noexcept = default;
  };
  run_loop() noexcept;
  ~run_loop();
  __scheduler get_scheduler() noexcept;
  void run() noexcept;
  void finish() noexcept;
};

class inplace_stop_token {
public:
  bool stop_requested() const noexcept;
};
class inplace_stop_source {
public:
  inplace_stop_token get_token() const noexcept;
  bool request_stop() noexcept;
};

// Scope-based spawning (P3149): spawn(sndr, scope.get_token()).
class simple_counting_scope {
public:
  struct token {
    template <sender S> S &&wrap(S &&) const noexcept;
  };
  token get_token() noexcept;
  __sender<void> join() noexcept;
  void close() noexcept;
};
class counting_scope {
public:
  struct token {
    template <sender S> S &&wrap(S &&) const noexcept;
  };
  token get_token() noexcept;
  __sender<void> join() noexcept;
  void close() noexcept;
  void request_stop() noexcept;
};
struct spawn_t {
  template <sender S, class Token> void operator()(S &&sndr, Token tkn) const;
};
inline constexpr spawn_t spawn{};

// Awaiting a sender from a coroutine whose promise derives from
// with_awaitable_senders gives its value.
template <class T> struct __sender_awaiter {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
template <class Promise> struct with_awaitable_senders {
  template <sender S> __sender_awaiter<__value_of<S>> await_transform(S &&sndr) noexcept;
  template <class A>
    requires(!sender<A>)
  A &&await_transform(A &&awaitable) noexcept;
};
struct as_awaitable_t {
  template <sender S, class Promise> __sender_awaiter<__value_of<S>> operator()(S &&sndr, Promise &) const;
};
inline constexpr as_awaitable_t as_awaitable{};
} // namespace stdexec

#ifdef COROSAFE_STDEXEC_2509
namespace stdexec {
// nvhpc-25.09: start_detached and transfer are stdexec CPOs of their own.
struct start_detached_t {
  template <sender S> void operator()(S &&sndr) const;
};
inline constexpr start_detached_t start_detached{};
inline constexpr continues_on_t transfer{};
} // namespace stdexec
#else
// Moved from stdexec to experimental::execution (bec66623, 2026-02-11); the
// stdexec names stay as deprecated references.
COROSAFE_EXEC_NAMESPACE_BEGIN
struct start_detached_t {
  template <stdexec::sender S> void operator()(S &&sndr) const;
};
inline constexpr start_detached_t start_detached{};
COROSAFE_EXEC_NAMESPACE_END
namespace stdexec {
using transfer_t [[deprecated("old name of continues_on_t")]] = continues_on_t;
[[deprecated("old name of continues_on")]] inline constexpr const continues_on_t &transfer = continues_on;
[[deprecated("old name of starts_on")]] inline constexpr const starts_on_t &start_on = starts_on;
[[deprecated("moved to exec::start_detached")]]
inline constexpr const exec::start_detached_t &start_detached = exec::start_detached;

// P3552 task (stdexec/__detail/__task.hpp): every awaited sender is wrapped in
// affine(), so the task resumes on its start scheduler after each co_await.
template <class T = void, class TaskEnv = env<>> class task {
public:
  struct promise_type : with_awaitable_senders<promise_type> {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
    template <class U> void return_value(U &&);
  };
  using sender_concept = sender_t;
  using __value_type = T;
  task(task &&) noexcept;
  ~task();
  __sender_awaiter<T> operator co_await() && noexcept;
};
template <class TaskEnv> class task<void, TaskEnv> {
public:
  struct promise_type : with_awaitable_senders<promise_type> {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception() noexcept;
    void return_void() noexcept;
  };
  using sender_concept = sender_t;
  using __value_type = void;
  task(task &&) noexcept;
  ~task();
  __sender_awaiter<void> operator co_await() && noexcept;
};
} // namespace stdexec
#endif
