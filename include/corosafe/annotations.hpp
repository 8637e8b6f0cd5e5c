// corosafe/annotations.hpp - marks for corosafe's thread-affinity rules.
//
// Put a mark between `class`/`struct` and the class name:
//
//   struct COROSAFE_NOT_SEND ArenaHandle { ... };     // must not be shared
//                                                     // with another thread
//   class COROSAFE_THREAD_BOUND GlContext { ... };    // tied to the thread
//                                                     // that created it
//
// COROSAFE_NOT_SEND: corosafe-send-escape reports a value of this type (or
// of a class, std::optional, std::variant, std::tuple, std::pair or
// standard container holding one by value) that crosses to another task
// while its origin still uses it.
// COROSAFE_THREAD_BOUND: corosafe-thread-bound-across-suspend reports an
// object of this type that is live across a suspension point after which
// the coroutine may resume on another thread.
//
// With Clang the marks expand to [[clang::annotate("corosafe::...")]],
// which corosafe reads from the AST; with other compilers to nothing.
// Header-only, no dependency; usable from C++11 on.
#ifndef COROSAFE_ANNOTATIONS_HPP
#define COROSAFE_ANNOTATIONS_HPP

#if defined(__clang__)
#define COROSAFE_NOT_SEND [[clang::annotate("corosafe::not_send")]]
#define COROSAFE_THREAD_BOUND [[clang::annotate("corosafe::thread_bound")]]
#else
#define COROSAFE_NOT_SEND
#define COROSAFE_THREAD_BOUND
#endif

#endif // COROSAFE_ANNOTATIONS_HPP

//===-- channels (corosafe-channel-cycle, corosafe-unbounded-channel) -----===//
//
// Declares a user type as a channel for the whole-program rules, and which of
// its member functions send and receive (docs/facts.md):
//
//   template <class T>
//   class COROSAFE_CHANNEL_UNBOUNDED WorkQueue {
//   public:
//     COROSAFE_CHANNEL_SEND void push(T);
//     COROSAFE_CHANNEL_RECEIVE awaitable<T> pop();
//   };
//
// A bounded channel's capacity is the constructor argument whose parameter is
// marked COROSAFE_CHANNEL_CAPACITY (`channel(Ctx &, COROSAFE_CHANNEL_CAPACITY
// std::size_t n)`; unmarked: unknown). Its COROSAFE_CHANNEL_SEND member waits
// while the buffer is full; a COROSAFE_CHANNEL_TRY_SEND member never waits. Unmarked members are
// matched by name (options SendMethods, TrySendMethods, ReceiveMethods,
// TryReceiveMethods). The options corosafe-channel-cycle.BoundedChannelTypes
// and corosafe-unbounded-channel.UnboundedChannelTypes declare types without
// touching their source.
#ifndef COROSAFE_ANNOTATIONS_CHANNELS
#define COROSAFE_ANNOTATIONS_CHANNELS
#if defined(__clang__)
#define COROSAFE_CHANNEL_BOUNDED [[clang::annotate("corosafe::channel_bounded")]]
#define COROSAFE_CHANNEL_UNBOUNDED                                             \
  [[clang::annotate("corosafe::channel_unbounded")]]
#define COROSAFE_CHANNEL_SEND [[clang::annotate("corosafe::channel_send")]]
#define COROSAFE_CHANNEL_TRY_SEND                                              \
  [[clang::annotate("corosafe::channel_try_send")]]
#define COROSAFE_CHANNEL_RECEIVE                                               \
  [[clang::annotate("corosafe::channel_receive")]]
#define COROSAFE_CHANNEL_CAPACITY                                              \
  [[clang::annotate("corosafe::channel_capacity")]]
#else
#define COROSAFE_CHANNEL_BOUNDED
#define COROSAFE_CHANNEL_UNBOUNDED
#define COROSAFE_CHANNEL_SEND
#define COROSAFE_CHANNEL_TRY_SEND
#define COROSAFE_CHANNEL_RECEIVE
#define COROSAFE_CHANNEL_CAPACITY
#endif
#endif
//===-- end of channels ---------------------------------------------------===//

//===-- selects, spawns, executors, hops, value flow (issue 11) -----------===//
//
// What a profile row says (docs/profiles.md), said at the declaration. Put a
// function's mark before its declaration (before `template <...>` it does not
// apply: write it after), a class's between `class`/`struct` and its name:
//
//   template <class A, class B>
//   COROSAFE_SELECT task<int> first_of(task<A>, task<B>);
//   template <class Ctx, class T>
//   COROSAFE_SPAWN(0, 1) void spawn(Ctx &, task<T>);
//   class COROSAFE_EXECUTOR_MULTI pool { ... };
//   COROSAFE_HOP(0) task<void> resume_on(pool &);
//   COROSAFE_CANCEL_UNSAFE task<Message> next(Client &);   // body elsewhere
//
// COROSAFE_SELECT: a call races its arguments; the first to complete wins,
//   the others are cancelled (destroyed at their suspension point) and only
//   the winner's value is returned (corosafe-cancel-select: a profile's
//   `selects` row with `cancels: losers`, `results: first-only`).
// COROSAFE_SELECT_ALL: the same race, but every operand's result is
//   returned (`results: all`): only data a cancelled loser held is lost.
// COROSAFE_SPAWN(executor, task): a call starts its argument `task` (a
//   coroutine call or a lambda) as a task of its own on argument `executor`
//   (positions from 0; negative: from the last argument written).
// COROSAFE_EXECUTOR_MULTI: a coroutine on this context or executor may
//   resume on any of several threads (a thread pool).
// COROSAFE_EXECUTOR_SERIAL: one handler at a time, possibly on different
//   threads (a strand).
// COROSAFE_HOP(executor): `co_await f(...)` moves the coroutine to argument
//   `executor`, and it stays there.
// COROSAFE_NO_DATA: the function's result holds none of its arguments' data
//   (a size, a checksum): value flow of taken data stops here.
// COROSAFE_DERIVES_FROM(n): its result holds argument n's data only.
// COROSAFE_CANCEL_SAFE: as an operand of a select, a call of this function
//   loses nothing when it loses (it takes data only once it has won, or it
//   puts back what it took).
// COROSAFE_CANCEL_UNSAFE: awaiting a call of this function takes data, its
//   result (for a function whose body corosafe does not see).
#ifndef COROSAFE_ANNOTATIONS_MODEL
#define COROSAFE_ANNOTATIONS_MODEL
#if defined(__clang__)
#define COROSAFE_SELECT [[clang::annotate("corosafe::select")]]
#define COROSAFE_SELECT_ALL [[clang::annotate("corosafe::select_all")]]
#define COROSAFE_SPAWN(executor, task)                                         \
  [[clang::annotate("corosafe::spawn", executor, task)]]
#define COROSAFE_EXECUTOR_MULTI [[clang::annotate("corosafe::executor_multi")]]
#define COROSAFE_EXECUTOR_SERIAL                                               \
  [[clang::annotate("corosafe::executor_serial")]]
#define COROSAFE_HOP(executor) [[clang::annotate("corosafe::hop", executor)]]
#define COROSAFE_NO_DATA [[clang::annotate("corosafe::no_data")]]
#define COROSAFE_DERIVES_FROM(n) [[clang::annotate("corosafe::derives_from", n)]]
#define COROSAFE_CANCEL_SAFE [[clang::annotate("corosafe::cancel_safe")]]
#define COROSAFE_CANCEL_UNSAFE [[clang::annotate("corosafe::cancel_unsafe")]]
#else
#define COROSAFE_SELECT
#define COROSAFE_SELECT_ALL
#define COROSAFE_SPAWN(executor, task)
#define COROSAFE_EXECUTOR_MULTI
#define COROSAFE_EXECUTOR_SERIAL
#define COROSAFE_HOP(executor)
#define COROSAFE_NO_DATA
#define COROSAFE_DERIVES_FROM(n)
#define COROSAFE_CANCEL_SAFE
#define COROSAFE_CANCEL_UNSAFE
#endif
#endif
//===-- end of selects, spawns, executors, hops, value flow ---------------===//
