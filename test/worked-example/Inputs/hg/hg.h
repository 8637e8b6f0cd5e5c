// hg: a home-grown coroutine library, the subject of docs/worked-example.md.
// corosafe knows nothing about it until it is taught, in one of two ways
// that say the same things:
//   - data: the profile rows of Inputs/hg.yaml (a profile file, or the
//     inline `Profile` of a .corosafe.yaml);
//   - annotations: compiled with -DHG_ANNOTATED, the HG_* marks below expand
//     to the COROSAFE_* marks of include/corosafe/annotations.hpp.
// Written for these tests; declarations only.
#pragma once
#include <coroutine>
#include <cstddef>

#if defined(HG_ANNOTATED)
#include <corosafe/annotations.hpp>
#define HG_SELECT COROSAFE_SELECT
#define HG_SPAWN(executor, task) COROSAFE_SPAWN(executor, task)
#define HG_EXECUTOR_MULTI COROSAFE_EXECUTOR_MULTI
#define HG_HOP(executor) COROSAFE_HOP(executor)
#define HG_CHANNEL_BOUNDED COROSAFE_CHANNEL_BOUNDED
#define HG_CHANNEL_CAPACITY COROSAFE_CHANNEL_CAPACITY
#define HG_CHANNEL_SEND COROSAFE_CHANNEL_SEND
#define HG_CHANNEL_TRY_SEND COROSAFE_CHANNEL_TRY_SEND
#define HG_CHANNEL_RECEIVE COROSAFE_CHANNEL_RECEIVE
#else
#define HG_SELECT
#define HG_SPAWN(executor, task)
#define HG_EXECUTOR_MULTI
#define HG_HOP(executor)
#define HG_CHANNEL_BOUNDED
#define HG_CHANNEL_CAPACITY
#define HG_CHANNEL_SEND
#define HG_CHANNEL_TRY_SEND
#define HG_CHANNEL_RECEIVE
#endif

namespace hg {

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

/// Worker threads: a task on the pool resumes on any of them.
class HG_EXECUTOR_MULTI pool {
public:
  explicit pool(int threads);
};

/// A bounded mailbox: put() waits while `capacity` values are queued.
template <class T> class HG_CHANNEL_BOUNDED mailbox {
public:
  mailbox(pool &p, HG_CHANNEL_CAPACITY std::size_t capacity);
  HG_CHANNEL_SEND task<void> put(T value);
  HG_CHANNEL_TRY_SEND bool try_put(T value);
  HG_CHANNEL_RECEIVE task<T> take();
};

task<void> sleep_for(int ms);

/// Races two tasks: the first to finish wins, the other is destroyed at its
/// current suspension point; only the winner's value is returned.
template <class A, class B> HG_SELECT task<int> first_of(task<A> a, task<B> b);

/// Starts a task on the pool.
template <class T> HG_SPAWN(0, 1) void spawn(pool &p, task<T> t);

/// Moves the calling coroutine to the pool; it stays there.
HG_HOP(0) task<void> resume_on(pool &p);

} // namespace hg
