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
// A bounded channel's COROSAFE_CHANNEL_SEND member waits while the buffer is
// full; a COROSAFE_CHANNEL_TRY_SEND member never waits. Unmarked members are
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
#else
#define COROSAFE_CHANNEL_BOUNDED
#define COROSAFE_CHANNEL_UNBOUNDED
#define COROSAFE_CHANNEL_SEND
#define COROSAFE_CHANNEL_TRY_SEND
#define COROSAFE_CHANNEL_RECEIVE
#endif
#endif
//===-- end of channels ---------------------------------------------------===//
