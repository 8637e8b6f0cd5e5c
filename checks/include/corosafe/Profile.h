//===- Profile.h - framework knowledge as data -------------------*- C++ -*-===//
//
// A profile describes what one coroutine framework's declarations mean, in
// the framework-neutral terms of the coroutine model: awaitable operations
// and what they produce, selects and their cancel and result policies,
// channels, spawns, task boundaries, executors, hops and the types that
// must not leave their task or their thread. Rows name declarations relative
// to the profile's namespaces and arguments by position, as CodeQL's
// models-as-data do; what data cannot say is a named hook in C++
// (docs/profiles.md lists them).
//
// Built-in profiles (profiles/*.yaml, embedded in the binary), the user's
// profile files and the `user` profile made from rule options are read into
// these same types: one code path for all three. The `COROSAFE_*`
// annotations of include/corosafe/annotations.hpp are the same rows written
// on the declarations themselves.
//
// Plain data: no Clang or LLVM type, so it can be unit-tested and shown.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_PROFILE_H
#define COROSAFE_PROFILE_H

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

/// Names of declarations, relative to the profile's namespaces. "a::b" names
/// a declaration `b` directly inside a context `a` that is itself inside
/// one of the namespaces (at any depth); "::std::mutex" is absolute. The last
/// component may end in `*` (a prefix: "async_*", "this_coro::*").
using NameList = std::vector<std::string>;

/// An argument position: 0, 1, ... from the left; -1 the last argument
/// written at the call, -2 the one before it.
using ArgPos = int;

/// `co_await <call>`: what the awaited operation does.
struct AwaitRow {
  NameList Call;   ///< free functions
  NameList Member; ///< member functions ("Class::fn": by the object's type;
                   ///< "fn": any class in the namespaces)
  NameList Type;   ///< the awaited expression's type
  /// What completing the operation takes: nothing, a value (the await's
  /// result), bytes (into buffer arguments) or a connection.
  std::string Produces = "none"; ///< none | value | bytes | connection
  /// Arguments that receive the data: "Argument[0..-2]" (every argument
  /// from the first to the one before the last written).
  std::string Into;
  /// The operation makes partial progress before it completes: cancelled
  /// mid-way it has consumed (read) or written (write) part of a stream.
  std::string PartialProgress = "none"; ///< none | read | write
  bool Suspends = true;      ///< false: resumes at once (this_coro::executor)
  bool CurrentExecutor = false; ///< its result is the coroutine's executor
  /// Type rows of coroutine return types: awaiting a coroutine of this type
  /// whose own awaits all complete at once resumes the caller inline (no
  /// other task runs, no thread change): not a suspension point.
  bool ResumesInline = false;
  int Line = 0;
};

/// How data flows through a call, CodeQL-style: from an input of the call
/// (`Argument[N..M]` or `Qualifier`) to an output (`ReturnValue`,
/// `Qualifier`, `Argument[N]`). By default a call's result derives from its
/// arguments and its object, and nothing flows into the object or the
/// arguments; rows say otherwise (`size()` yields no data, `push_back`
/// puts its argument into the container).
struct FlowRow {
  NameList Call;   ///< free functions and operators ("operator==")
  NameList Member; ///< member functions (as in AwaitRow)
  std::string From = "Argument[0..-1]"; ///< Argument[N..M] | Qualifier
  std::string To = "ReturnValue"; ///< ReturnValue | Qualifier | Argument[N]
  std::string Kind = "derives";   ///< derives | none
  int Line = 0;
};

/// A completion token wrapper and what it does with an operation's error.
struct TokenRow {
  NameList Type; ///< the token's type (asio's as_tuple_t, redirect_error_t)
  /// value: the error is handed back as a value (nothing throws, the
  /// operation never fails a select that cancels on failure); throw.
  std::string Errors = "value";
  int Line = 0;
};

/// A select: operations raced against each other.
struct SelectRow {
  NameList Call;     ///< free function: the arguments are the operands
  NameList Operator; ///< overloaded operators ("ns::operator||"): both
                     ///< arguments are operands; nested ones are flattened
  NameList Member;   ///< member function whose object holds the operands
  /// Member selects: the first argument's type says which wait it is
  /// (asio's wait_for_one...); empty: any call is a select.
  NameList WhenArgument0;
  /// Member selects: the call that made the object; its arguments are the
  /// operands (asio's make_parallel_group).
  NameList OperandsFrom;
  std::string Cancels = "losers"; ///< losers | on-failure
  /// What the select hands back: the first completion only (a second
  /// completed value is dropped), its index and value (the same loss), the
  /// error only when one fails, or every operand's result with the
  /// completion order.
  std::string Results = "first-only"; ///< first-only | index-and-first |
                                      ///< error-only | all
  std::string Spelling;     ///< for messages: "'||'"
  std::string LossyBecause; ///< why a completed value is dropped
  /// The note at the select: {operand} and {condition} are replaced.
  std::string OperandNote;
  std::string LossyFix;     ///< the fix hint of the dropped-value finding
  /// Operands that lose nothing when they lose the race, by the method
  /// called (Cobalt's `channel::read`: a read claims the race before it
  /// takes the value).
  NameList LosslessOperands;
  std::string ResultArity;  ///< a hook: how many values an operand yields
  int Line = 0;
};

/// A channel type and its operations.
struct ChannelRow {
  NameList Types;
  bool Bounded = true;
  /// Where the capacity comes from: "ctor-param:NAME" (a constructor
  /// parameter so named), "ctor-arg:N" (the constructor's N-th argument),
  /// or "unknown".
  std::string Capacity = "unknown";
  NameList Send, TrySend, Receive, TryReceive; ///< method names, `*` allowed
  std::string Origin; ///< what declared it: "asio", "option", a file
  int Line = 0;
};

/// A call that starts a new task running a coroutine.
struct SpawnRow {
  NameList Call;
  ArgPos Executor = 0; ///< where the new task runs
  ArgPos Task = 1;     ///< the coroutine call, lambda or named lambda
  int Line = 0;
};

/// A call that hands a callable to another executor or thread.
struct BoundaryRow {
  NameList Call;      ///< free functions
  NameList Construct; ///< classes whose constructor starts a thread
  ArgPos Executor = -100; ///< -100: none (a new thread)
  ArgPos Callable = -1;
  unsigned MinArgs = 1;  ///< fewer written arguments: not this boundary
  bool SkipLaunchPolicy = false; ///< std::async(policy, f, ...)
  bool CopiesArguments = false;  ///< later arguments are copied into it
  std::string Describe; ///< "a new thread"; empty: "a handler given to 'F'"
  int Line = 0;
};

/// Execution contexts and executors.
struct ExecutorRow {
  NameList Types;
  NameList Factory; ///< calls that make one ("make_strand")
  /// multi | serial (one at a time, maybe on different threads) | counted
  /// (single or multi by the number of threads seen calling a Run method)
  /// | unknown
  std::string Kind = "unknown";
  NameList Run; ///< for counted: the methods that lend a thread
  std::string Describe; ///< "a thread pool"
  int Line = 0;
};

/// An await that moves the coroutine to another executor.
struct HopRow {
  NameList Token;   ///< completion token wrapper: bind_executor(X, T)
  NameList Inner;   ///< the wrapped token's type (use_awaitable_t)
  NameList Call;    ///< or: the awaited call itself moves it
  ArgPos Executor = 0;
  /// at-next-suspension: it comes back at the next ordinary suspension;
  /// stays: it keeps running there.
  std::string Returns = "at-next-suspension";
  int Line = 0;
};

/// A type with a property the thread rules care about.
struct TypeRow {
  NameList Types;
  std::string Why; ///< "has a non-atomic reference count", "is a lock guard"
  int Line = 0;
};

struct Profile {
  std::string Id;
  std::string Title;
  std::string Mirrors; ///< the library version and files it was checked on
  std::string Source;  ///< "builtin:asio", a file path, "options"
  std::vector<std::string> Namespaces;

  std::vector<AwaitRow> Awaits;
  std::vector<SelectRow> Selects;
  std::vector<ChannelRow> Channels;
  std::vector<SpawnRow> Spawns;
  std::vector<BoundaryRow> Boundaries;
  std::vector<ExecutorRow> Executors;
  NameList ExecutorGetters; ///< methods returning their object's executor
  std::vector<HopRow> Hops;
  std::vector<FlowRow> Flows;
  std::vector<TokenRow> Tokens;
  std::vector<TypeRow> NotSend;
  std::vector<TypeRow> Locks;       ///< thread-bound: hold a mutex
  std::vector<TypeRow> ThreadBound; ///< thread-bound: anything else
  NameList ErrorTypes; ///< completion values that carry no data
  NameList Wrappers;   ///< classes holding their template arguments by value
  NameList Opaque;     ///< namespaces whose classes hold nothing of interest
};

/// The profiles of a run, in order: built-ins, then files, then `user`.
struct ProfileSet {
  std::vector<Profile> Profiles;
  /// A stable hash of what was loaded (for cache keys and facts).
  std::string Digest;
};

/// Where the profiles of a run come from (rule options with the prefix
/// "corosafe.").
struct ProfileOptions {
  /// "all" (default), "none", a ';'-separated list of ids, or "-id;-id"
  /// (all but these).
  std::string Builtins = "all";
  std::vector<std::string> Files; ///< profile files, in order
};

/// One built-in profile: its id and YAML text.
struct BuiltinProfile {
  std::string_view Id;
  std::string_view Text;
};
const std::vector<BuiltinProfile> &builtinProfiles();

/// Option keys, shared by every front end.
constexpr std::string_view ProfilesOption = "corosafe.Profiles";
constexpr std::string_view BuiltinProfilesOption = "corosafe.BuiltinProfiles";

} // namespace corosafe

#endif
