// Declaration-shaped stand-in for Boost.Cobalt, written for corosafe's tests.
// Mirrors boostorg/cobalt at 57181cacc5b8 (boost-1.88.0-54, 2025-07-18):
//   include/boost/cobalt/{race,join,gather,channel,spawn,task,promise,thread,
//   this_thread,op,config,wait_group}.hpp and detail/{race,task}.hpp.
// Names, template heads, argument orders and result types follow the real
// library; the asio parts are reduced to what Cobalt's signatures mention.
// No bodies: the file only has to make user code type-check.
#pragma once
#include <coroutine>
#include <cstddef>
#include <exception>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace boost::asio {
enum class cancellation_type : unsigned { none = 0, terminal = 1, partial = 2, total = 4, all = 7 };
class any_io_executor {
public:
  any_io_executor();
  template <typename Ex> any_io_executor(const Ex &);
};
class io_context {
public:
  struct executor_type {
    io_context &context() const;
  };
  io_context();
  executor_type get_executor();
  std::size_t run();
};
class thread_pool {
public:
  struct executor_type {};
  explicit thread_pool(std::size_t num_threads);
  executor_type get_executor();
  void join();
};
struct detached_t {};
inline constexpr detached_t detached{};
} // namespace boost::asio

namespace boost::cobalt {
namespace asio = boost::asio;
// config.hpp: executor is asio::any_io_executor unless BOOST_COBALT_CUSTOM_EXECUTOR.
using executor = asio::any_io_executor;

namespace this_thread {
executor &get_executor();
bool has_executor();
} // namespace this_thread

namespace detail {
struct promise_base {
  std::suspend_never initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
  void unhandled_exception();
};
template <typename T> struct value_awaitable {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
template <typename R> struct task_promise;
template <typename R> struct cobalt_promise;
template <typename R> struct generator_promise;
struct thread_promise;
} // namespace detail

// task.hpp: lazy; runs on the executor of whoever awaits it (detail/task.hpp
// takes the awaiter's executor), so awaiting one never moves the caller.
template <typename Return> struct [[nodiscard]] task {
  using promise_type = detail::task_promise<Return>;
  task(task &&) noexcept;
  task &operator=(task &&) noexcept;
  detail::value_awaitable<Return> operator co_await();
};

// promise.hpp: eager; destroying an attached promise cancels it.
template <typename Return> struct [[nodiscard]] promise {
  using promise_type = detail::cobalt_promise<Return>;
  promise(promise &&) noexcept;
  promise &operator=(promise &&) noexcept;
  ~promise();
  detail::value_awaitable<Return> operator co_await();
  void operator+() &&;
  void cancel(asio::cancellation_type ct = asio::cancellation_type::all);
  bool ready() const;
  explicit operator bool() const;
  bool attached() const;
  void detach();
  void attach();
};

template <typename Yield, typename Push = void> struct [[nodiscard]] generator {
  using promise_type = detail::generator_promise<Yield>;
  detail::value_awaitable<Yield> operator co_await();
  explicit operator bool() const;
};

namespace detail {
template <typename R> struct task_promise : promise_base {
  task<R> get_return_object();
  std::suspend_always initial_suspend() noexcept;
  template <typename U> void return_value(U &&);
};
template <> struct task_promise<void> : promise_base {
  task<void> get_return_object();
  std::suspend_always initial_suspend() noexcept;
  void return_void();
};
template <typename R> struct cobalt_promise : promise_base {
  promise<R> get_return_object();
  template <typename U> void return_value(U &&);
};
template <> struct cobalt_promise<void> : promise_base {
  promise<void> get_return_object();
  void return_void();
};
template <typename Y> struct generator_promise : promise_base {
  generator<Y> get_return_object();
  std::suspend_always yield_value(Y);
  template <typename U> void return_value(U &&);
};
} // namespace detail

// this_coro::executor: `co_await this_coro::executor` yields the coroutine's executor.
namespace this_coro {
struct executor_t {
  bool await_ready() const;
  void await_suspend(std::coroutine_handle<>) const;
  cobalt::executor await_resume() const;
};
inline constexpr executor_t executor{};
} // namespace this_coro

// channel.hpp: channel(limit = 0, executor = this_thread::get_executor(), resource).
// limit 0 is a rendezvous; write() suspends while the buffer is full.
template <typename T> struct channel {
  explicit channel(std::size_t limit = 0u, executor executor = this_thread::get_executor());
  channel(channel &&) noexcept = delete;
  channel &operator=(channel &&) noexcept = delete;
  using executor_type = executor;
  const executor_type &get_executor();
  ~channel();
  bool is_open() const;
  void close();

  struct read_op {
    bool await_ready();
    template <typename Promise> std::coroutine_handle<void> await_suspend(std::coroutine_handle<Promise>);
    T await_resume();
    void interrupt_await();
    explicit operator bool() const;
  };
  struct write_op {
    bool await_ready();
    template <typename Promise> std::coroutine_handle<void> await_suspend(std::coroutine_handle<Promise>);
    void await_resume();
    void interrupt_await();
    explicit operator bool() const;
  };
  read_op read();
  write_op write(const T &&value);
  write_op write(const T &value);
  write_op write(T &&value);
  write_op write(T &value);
};

template <> struct channel<void> {
  explicit channel(std::size_t limit = 0u, executor executor = this_thread::get_executor());
  channel(channel &&) noexcept = delete;
  bool is_open() const;
  void close();
  struct read_op {
    bool await_ready();
    void await_suspend(std::coroutine_handle<>);
    void await_resume();
  };
  struct write_op {
    bool await_ready();
    void await_suspend(std::coroutine_handle<>);
    void await_resume();
  };
  read_op read();
  write_op write();
};

namespace detail {
template <typename T> using void_as_monostate = std::conditional_t<std::is_void_v<T>, std::monostate, T>;
template <typename A> struct await_result {
  using type = decltype(std::declval<A>().operator co_await().await_resume());
};
template <typename A>
  requires requires(A &a) { a.await_resume(); }
struct await_result<A> {
  using type = decltype(std::declval<A &>().await_resume());
};
template <typename A> using await_result_t = typename await_result<std::remove_reference_t<A>>::type;

struct left_race_tag {};

// The result of a variadic race is variant<result_of_each...> (void -> monostate);
// when every operand is void it is the winner's index.
template <asio::cancellation_type Ct, typename URBG, typename... Args> struct race_variadic_impl {
  static constexpr bool all_void = (std::is_void_v<await_result_t<Args>> && ...);
  using result_type = std::conditional_t<all_void, std::size_t,
                                         std::variant<void_as_monostate<await_result_t<Args>>...>>;
  template <typename G, typename... Ps> race_variadic_impl(G &&, Ps &&...);
  struct awaitable {
    bool await_ready();
    template <typename H> bool await_suspend(std::coroutine_handle<H>);
    result_type await_resume();
  };
  awaitable operator co_await() &&;
};
// A ranged race yields pair<index, value> (or the index for void operands).
template <asio::cancellation_type Ct, typename URBG, typename Range> struct race_ranged_impl {
  using value = await_result_t<decltype(*std::declval<Range &>().begin())>;
  using result_type = std::conditional_t<std::is_void_v<value>, std::size_t, std::pair<std::size_t, value>>;
  struct awaitable {
    bool await_ready();
    template <typename H> bool await_suspend(std::coroutine_handle<H>);
    result_type await_resume();
  };
  awaitable operator co_await() &&;
};
template <typename... Args> struct join_variadic_impl {
  struct awaitable {
    bool await_ready();
    template <typename H> bool await_suspend(std::coroutine_handle<H>);
    std::tuple<void_as_monostate<await_result_t<Args>>...> await_resume();
  };
  awaitable operator co_await() &&;
};
template <typename Range> struct join_ranged_impl {
  using value = await_result_t<decltype(*std::declval<Range &>().begin())>;
  struct awaitable {
    bool await_ready();
    template <typename H> bool await_suspend(std::coroutine_handle<H>);
    std::conditional_t<std::is_void_v<value>, void, std::vector<value>> await_resume();
  };
  awaitable operator co_await() &&;
};
template <typename T> struct result {
  bool has_value() const;
  bool has_error() const;
  T &value();
};
template <typename... Args> struct gather_variadic_impl {
  struct awaitable {
    bool await_ready();
    template <typename H> bool await_suspend(std::coroutine_handle<H>);
    std::tuple<result<void_as_monostate<await_result_t<Args>>>...> await_resume();
  };
  awaitable operator co_await() &&;
};
template <typename Range> struct gather_ranged_impl {
  using value = await_result_t<decltype(*std::declval<Range &>().begin())>;
  struct awaitable {
    bool await_ready();
    template <typename H> bool await_suspend(std::coroutine_handle<H>);
    std::vector<result<void_as_monostate<value>>> await_resume();
  };
  awaitable operator co_await() &&;
};
std::default_random_engine &prng();
} // namespace detail

template <typename G>
concept uniform_random_bit_generator = requires(G &g) {
  { g() } -> std::same_as<typename std::decay_t<G>::result_type>;
};

// race.hpp: race(URBG&&, Promise&&...), race(URBG&&, Range&&), race(Promise&&...),
// race(Range&&); left_race(Promise&&...), left_race(Range&&). Ct is the cancellation
// type sent to the losers.
template <asio::cancellation_type Ct = asio::cancellation_type::all, uniform_random_bit_generator URBG,
          typename... Promise>
auto race(URBG &&g, Promise &&...p) -> detail::race_variadic_impl<Ct, URBG, Promise...>;
template <asio::cancellation_type Ct = asio::cancellation_type::all, typename... Promise>
  requires(!(uniform_random_bit_generator<Promise> || ...))
auto race(Promise &&...p) -> detail::race_variadic_impl<Ct, std::default_random_engine &, Promise...>;
template <asio::cancellation_type Ct = asio::cancellation_type::all, typename PromiseRange>
  requires requires(PromiseRange &r) { r.begin(); }
auto race(PromiseRange &&p) -> detail::race_ranged_impl<Ct, std::default_random_engine &, PromiseRange>;
template <asio::cancellation_type Ct = asio::cancellation_type::all, typename... Promise>
auto left_race(Promise &&...p) -> detail::race_variadic_impl<Ct, detail::left_race_tag, Promise...>;
template <asio::cancellation_type Ct = asio::cancellation_type::all, typename PromiseRange>
  requires requires(PromiseRange &r) { r.begin(); }
auto left_race(PromiseRange &&p) -> detail::race_ranged_impl<Ct, detail::left_race_tag, PromiseRange>;

// join.hpp / gather.hpp: all-of; join rethrows the first exception, gather
// returns one result per operand.
template <typename... Promise> auto join(Promise &&...p) -> detail::join_variadic_impl<Promise...>;
template <typename PromiseRange>
  requires requires(PromiseRange &r) { r.begin(); }
auto join(PromiseRange &&p) -> detail::join_ranged_impl<PromiseRange>;
template <typename... Promise> auto gather(Promise &&...p) -> detail::gather_variadic_impl<Promise...>;
template <typename PromiseRange>
  requires requires(PromiseRange &r) { r.begin(); }
auto gather(PromiseRange &&p) -> detail::gather_ranged_impl<PromiseRange>;

// wait_group.hpp: holds eager promises; wait()/wait_one() join them.
struct wait_group {
  explicit wait_group(asio::cancellation_type normal_cancel = asio::cancellation_type::none,
                      asio::cancellation_type exception_cancel = asio::cancellation_type::all);
  void push_back(promise<void> p);
  std::size_t size() const;
  void cancel(asio::cancellation_type ct = asio::cancellation_type::all);
  detail::value_awaitable<void> wait_one();
  detail::value_awaitable<void> wait();
};

// op.hpp: completion token that makes an asio operation awaitable.
struct use_op_t {};
inline constexpr use_op_t use_op{};

namespace detail {
// What asio::async_initiate gives for the token: nothing for detached, an
// awaitable for use_op.
template <typename Token, typename T> struct spawn_result {
  using type = void;
};
template <typename T> struct spawn_result<use_op_t, T> {
  using type = value_awaitable<T>;
};
template <typename Token, typename T> using spawn_result_t = typename spawn_result<std::decay_t<Token>, T>::type;
} // namespace detail

// spawn.hpp: spawn(context, task, token) / spawn(executor, task, token); the task
// runs on that executor, the token receives (exception_ptr[, T]).
template <typename Context, typename T, typename CompletionToken>
  requires requires(Context &c) { c.get_executor(); }
auto spawn(Context &context, task<T> &&t, CompletionToken &&token) -> detail::spawn_result_t<CompletionToken, T>;
template <typename Executor, typename T, typename CompletionToken>
  requires std::is_convertible_v<Executor, executor> && (!requires(Executor &c) { c.get_executor(); })
auto spawn(Executor executor, task<T> &&t, CompletionToken &&token) -> detail::spawn_result_t<CompletionToken, T>;

// thread.hpp: a coroutine returning cobalt::thread runs on its own std::thread
// with its own io_context; awaiting it joins.
struct thread {
  using promise_type = detail::thread_promise;
  using executor_type = executor;
  using id = std::thread::id;
  void cancel(asio::cancellation_type type = asio::cancellation_type::all);
  detail::value_awaitable<void> operator co_await() &;
  detail::value_awaitable<void> operator co_await() &&;
  ~thread();
  thread(thread &&) noexcept = default;
  id get_id() const noexcept;
  void join();
  bool joinable() const;
  void detach();
  executor_type get_executor() const;
};
namespace detail {
struct thread_promise : promise_base {
  thread get_return_object();
  void return_void();
};
} // namespace detail
} // namespace boost::cobalt
