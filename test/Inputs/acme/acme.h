// A home-grown coroutine framework, "acme", that corosafe knows nothing
// about: no built-in profile names it. test/profiles/Inputs/acme.yaml
// describes it, and the scenarios under test/profiles/ check that every rule
// works on it from that file alone. Written for these tests; declarations
// only where a body is not needed to type-check the user code.
#pragma once
#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>

namespace acme {

template <class T = void> class task {
public:
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <> class task<void> {
public:
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};

/// A pool of worker threads: a coroutine on it resumes on any of them.
class pool {
public:
  explicit pool(int threads);
};

/// An event loop: one thread, the one that calls run().
class loop {
public:
  void run();
};

/// A bounded channel: push waits while `capacity` values are queued.
template <class T> class channel {
public:
  template <class Context> channel(Context &ctx, std::size_t capacity);
  task<void> push(T value);
  bool try_push(T value);
  task<T> pop();
};

/// An unbounded queue: push never waits.
template <class T> class queue {
public:
  void push(T value);
  task<T> pop();
};

/// A socket: read_some fills the buffer it is given.
class socket {
public:
  task<std::size_t> read_some(char *data, std::size_t size);
  task<void> write(const char *data, std::size_t size);
};

task<void> sleep_for(int ms);

/// Races its operands; the first to complete wins, the others are destroyed
/// at their current suspension point, and only the winner's value is
/// returned.
template <class A, class B> task<int> first_of(task<A> a, task<B> b);

/// Like first_of, but returns the winner's index with its value.
template <class A, class B> task<int> any_of(task<A> a, task<B> b);

/// Starts a task on a context.
template <class Context, class T> void spawn(Context &ctx, task<T> t);

/// Runs a callable on a context.
template <class Context, class F> void submit(Context &ctx, F &&f) {
  (void)ctx;
  (void)f;
}

/// Moves the calling coroutine to the context; it stays there.
task<void> resume_on(pool &p);

/// A shared pointer with a non-atomic reference count.
template <class T> class rc_ptr {
public:
  rc_ptr();
  rc_ptr(const rc_ptr &);
  rc_ptr(rc_ptr &&) noexcept;
  ~rc_ptr();
  T *operator->() const;
};

} // namespace acme
