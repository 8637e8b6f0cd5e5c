// Declaration-shaped stand-in for concurrencpp, written for corosafe's tests.
// Mirrors David-Haim/concurrencpp at 7a88f5401e15 (v.0.1.7, 2023-07-15):
//   include/concurrencpp/{results/result.h, results/lazy_result.h,
//   results/promises.h, results/result_fwd_declarations.h,
//   results/when_result.h, results/resume_on.h, executors/executor.h,
//   executors/derivable_executor.h,
//   executors/thread_pool_executor.h, executors/worker_thread_executor.h,
//   executors/inline_executor.h, executors/manual_executor.h,
//   executors/thread_executor.h, threads/async_lock.h, runtime/runtime.h}.
// Only the umbrella header is provided (real users include it too).
#pragma once
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace concurrencpp {
template <class type> class result;
template <class type> class lazy_result;
struct executor_tag {};
struct null_result {};
enum class result_status { idle, value, exception };
class task {
public:
  task() noexcept;
  template <class callable_type> task(callable_type &&callable);
  task(task &&) noexcept;
};

namespace details {
template <class type> struct value_awaitable {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>);
  type await_resume();
};
template <class type> struct return_value_base {
  template <class U> void return_value(U &&);
};
template <> struct return_value_base<void> {
  void return_void() noexcept;
};
// result<T> coroutines start eagerly on the calling thread, or, with
// (executor_tag, executor, ...) as their first arguments, on that executor.
template <class type> struct result_promise_type : return_value_base<type> {
  result<type> get_return_object();
  std::suspend_never initial_suspend() const noexcept;
  std::suspend_never final_suspend() const noexcept;
  void unhandled_exception() noexcept;
};
template <class type> struct lazy_promise_type : return_value_base<type> {
  lazy_result<type> get_return_object();
  std::suspend_always initial_suspend() const noexcept;
  std::suspend_always final_suspend() const noexcept;
  void unhandled_exception() noexcept;
};
} // namespace details

// Awaiting a result resumes the awaiter on the thread that produced it (no
// executor affinity).
template <class type> class result {
public:
  using promise_type = details::result_promise_type<type>;
  result() noexcept = default;
  result(result &&rhs) noexcept = default;
  result &operator=(result &&rhs) noexcept;
  explicit operator bool() const noexcept;
  result_status status() const;
  void wait() const;
  template <class duration_type, class ratio_type>
  result_status wait_for(std::chrono::duration<duration_type, ratio_type> duration) const;
  type get();
  details::value_awaitable<type> operator co_await();
  details::value_awaitable<result<type>> resolve();
};
template <class type> class lazy_result {
public:
  using promise_type = details::lazy_promise_type<type>;
  lazy_result(lazy_result &&rhs) noexcept;
  ~lazy_result();
  explicit operator bool() const noexcept;
  details::value_awaitable<type> operator co_await();
  details::value_awaitable<lazy_result<type>> resolve();
  result<type> run();
};
template <class type> class result_promise {
public:
  result_promise();
  template <class... argument_types> void set_result(argument_types &&...arguments);
  void set_exception(std::exception_ptr exception_ptr);
  result<type> get_result();
};
template <class type, class... argument_types> result<type> make_ready_result(argument_types &&...arguments);

// executor.h: post(f, args...) runs f detached on the executor; submit(f,
// args...) returns result<invoke_result_t<f, args...>>.
class executor {
public:
  executor(std::string_view name);
  virtual ~executor() noexcept = default;
  const std::string name;
  virtual void enqueue(concurrencpp::task task) = 0;
  virtual void enqueue(std::span<concurrencpp::task> tasks) = 0;
  virtual int max_concurrency_level() const noexcept = 0;
  virtual bool shutdown_requested() const = 0;
  virtual void shutdown() = 0;
  // Bodies only so that lambdas (types without linkage) can be passed.
  template <class callable_type, class... argument_types> void post(callable_type &&, argument_types &&...) {}
  template <class callable_type, class... argument_types>
  auto submit(callable_type &&, argument_types &&...) -> result<std::invoke_result_t<callable_type, argument_types...>> {
    return {};
  }
  template <class callable_type> void bulk_post(std::span<callable_type> callable_list);
  template <class callable_type, class return_type = std::invoke_result_t<callable_type>>
  std::vector<result<return_type>> bulk_submit(std::span<callable_type> callable_list);
};
// derivable_executor.h: the concrete executors' post/submit hide the base's.
template <class concrete_executor_type> class derivable_executor : public executor {
public:
  derivable_executor(std::string_view name);
  template <class callable_type, class... argument_types> void post(callable_type &&, argument_types &&...) {}
  template <class callable_type, class... argument_types>
  auto submit(callable_type &&, argument_types &&...) -> result<std::invoke_result_t<callable_type, argument_types...>> {
    return {};
  }
};

// Multi-threaded: pool_size (ctor argument 2) workers.
class thread_pool_executor final : public derivable_executor<thread_pool_executor> {
public:
  thread_pool_executor(std::string_view pool_name, std::size_t pool_size, std::chrono::milliseconds max_idle_time,
                       const std::function<void(std::string_view thread_name)> &thread_started_callback = {},
                       const std::function<void(std::string_view thread_name)> &thread_terminated_callback = {});
  ~thread_pool_executor() override;
  void enqueue(concurrencpp::task task) override;
  void enqueue(std::span<concurrencpp::task> tasks) override;
  int max_concurrency_level() const noexcept override;
  bool shutdown_requested() const override;
  void shutdown() override;
};
// Single-threaded: one dedicated worker thread.
class worker_thread_executor final : public derivable_executor<worker_thread_executor> {
public:
  worker_thread_executor(const std::function<void(std::string_view thread_name)> &thread_started_callback = {},
                         const std::function<void(std::string_view thread_name)> &thread_terminated_callback = {});
  void enqueue(concurrencpp::task task) override;
  void enqueue(std::span<concurrencpp::task> tasks) override;
  int max_concurrency_level() const noexcept override;
  bool shutdown_requested() const override;
  void shutdown() override;
};
// A new thread per task (multi-threaded across tasks).
class thread_executor final : public derivable_executor<thread_executor> {
public:
  thread_executor(const std::function<void(std::string_view thread_name)> &thread_started_callback = {},
                  const std::function<void(std::string_view thread_name)> &thread_terminated_callback = {});
  ~thread_executor() noexcept;
  void enqueue(concurrencpp::task task) override;
  void enqueue(std::span<concurrencpp::task> tasks) override;
  int max_concurrency_level() const noexcept override;
  bool shutdown_requested() const override;
  void shutdown() override;
};
// Runs the task on the thread that enqueues it.
class inline_executor final : public executor {
public:
  inline_executor() noexcept;
  void enqueue(concurrencpp::task task) override;
  void enqueue(std::span<concurrencpp::task> tasks) override;
  int max_concurrency_level() const noexcept override;
  bool shutdown_requested() const override;
  void shutdown() override;
};
// Runs tasks on the thread that calls loop*().
class manual_executor final : public derivable_executor<manual_executor> {
public:
  manual_executor();
  void enqueue(concurrencpp::task task) override;
  void enqueue(std::span<concurrencpp::task> tasks) override;
  int max_concurrency_level() const noexcept override;
  bool shutdown_requested() const override;
  void shutdown() override;
  std::size_t size() const;
  std::size_t clear();
  bool loop_once();
  bool loop_once_for(std::chrono::milliseconds max_waiting_time);
  std::size_t loop(std::size_t max_count);
  std::size_t loop_for(std::size_t max_count, std::chrono::milliseconds max_waiting_time);
};

class runtime {
public:
  runtime();
  ~runtime() noexcept;
  std::shared_ptr<concurrencpp::inline_executor> inline_executor() const noexcept;
  std::shared_ptr<concurrencpp::thread_pool_executor> thread_pool_executor() const noexcept;
  std::shared_ptr<concurrencpp::thread_pool_executor> background_executor() const noexcept;
  std::shared_ptr<concurrencpp::thread_executor> thread_executor() const noexcept;
  std::shared_ptr<concurrencpp::worker_thread_executor> make_worker_thread_executor();
  std::shared_ptr<concurrencpp::manual_executor> make_manual_executor();
  template <class executor_type, class... argument_types>
  std::shared_ptr<executor_type> make_executor(argument_types &&...arguments);
};

// resume_on.h: co_await resume_on(ex) posts the coroutine to ex; it stays
// there until something else moves it.
namespace details {
template <class executor_type> class resume_on_awaitable {
public:
  resume_on_awaitable(executor_type &executor) noexcept;
  resume_on_awaitable(const resume_on_awaitable &) = delete;
  resume_on_awaitable(resume_on_awaitable &&) = delete;
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<void> handle);
  void await_resume() const;
};
} // namespace details
template <class executor_type> auto resume_on(std::shared_ptr<executor_type> executor) -> details::resume_on_awaitable<executor_type>;
template <class executor_type> auto resume_on(executor_type &executor) noexcept -> details::resume_on_awaitable<executor_type>;

// when_result.h: when_any cancels nothing; it returns the index of the first
// ready result together with all the results (losers keep running, their
// results stay readable); the caller resumes on resume_executor (argument 1).
template <class sequence_type> struct when_any_result {
  std::size_t index;
  sequence_type results;
  when_any_result() noexcept;
  when_any_result(when_any_result &&) noexcept = default;
  when_any_result &operator=(when_any_result &&) noexcept = default;
};
template <class executor_type> lazy_result<std::tuple<>> when_all(std::shared_ptr<executor_type> resume_executor);
template <class executor_type, class... result_types>
lazy_result<std::tuple<typename std::decay<result_types>::type...>> when_all(std::shared_ptr<executor_type> resume_executor,
                                                                             result_types &&...results);
template <class executor_type, class iterator_type>
lazy_result<std::vector<typename std::iterator_traits<iterator_type>::value_type>>
when_all(std::shared_ptr<executor_type> resume_executor, iterator_type begin, iterator_type end);
template <class executor_type, class... result_types>
lazy_result<when_any_result<std::tuple<result_types...>>> when_any(std::shared_ptr<executor_type> resume_executor,
                                                                   result_types &&...results);
template <class executor_type, class iterator_type>
lazy_result<when_any_result<std::vector<typename std::iterator_traits<iterator_type>::value_type>>>
when_any(std::shared_ptr<executor_type> resume_executor, iterator_type begin, iterator_type end);

// async_lock.h: not thread-bound; lock(resume_executor) resumes the waiter on
// that executor.
class scoped_async_lock;
class async_lock {
public:
  async_lock() noexcept;
  ~async_lock() noexcept;
  lazy_result<scoped_async_lock> lock(std::shared_ptr<executor> resume_executor);
  lazy_result<bool> try_lock();
  void unlock();
};
class scoped_async_lock {
public:
  scoped_async_lock() noexcept = default;
  scoped_async_lock(scoped_async_lock &&rhs) noexcept;
  scoped_async_lock(async_lock &lock, std::defer_lock_t) noexcept;
  scoped_async_lock(async_lock &lock, std::adopt_lock_t) noexcept;
  ~scoped_async_lock() noexcept;
  lazy_result<void> lock(std::shared_ptr<executor> resume_executor);
  lazy_result<bool> try_lock();
  void unlock();
  bool owns_lock() const noexcept;
  explicit operator bool() const noexcept;
};
} // namespace concurrencpp

// promises.h: the coroutine_traits specialisations that pick the promise for
// result<T> (eager) and for the executor_tag forms.
template <class type, class... arguments> struct std::coroutine_traits<concurrencpp::result<type>, arguments...> {
  using promise_type = concurrencpp::details::result_promise_type<type>;
};
