//===- AsioModel.h - what asio declarations mean ----------------*- C++ -*-===//
//
// Recognizes asio (standalone `asio::` and Boost `boost::asio::`) by
// declaration, never by spelling: a callee counts only when it is declared in
// the asio namespaces. Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_ASIOMODEL_H
#define COROSAFE_ASIOMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <initializer_list>
#include <optional>

namespace corosafe {
namespace asio {

/// True if D is declared in `asio::<Sub...>` or `boost::asio::<Sub...>`.
/// With Exact, D's namespace must be exactly that one; otherwise any
/// namespace nested in it counts too (asio::detail, ...).
bool isInAsio(const clang::Decl *D, llvm::ArrayRef<llvm::StringRef> Sub = {},
              bool Exact = false);

/// Strips what does not change which value an expression denotes: implicit
/// casts, parentheses, temporaries, copy/move constructions, std::move.
const clang::Expr *unwrap(const clang::Expr *E);

/// What an asynchronous operation does with data.
enum class OpKind {
  None,          ///< not a recognized asio operation
  ReceiveValue,  ///< channel async_receive: the value is the result
  ReadInto,      ///< async_read_some / async_receive(buffers) / ...: bytes go
                 ///< into buffer arguments
  Accept,        ///< async_accept: a connection
  ComposedRead,  ///< async_read / async_read_until / async_read_at
  ComposedWrite, ///< async_write / async_write_at
  NoData,        ///< timers, sends, writes of one chunk, connects, ...
};

struct AsyncOp {
  const clang::CallExpr *Call = nullptr;
  OpKind Kind = OpKind::None;
  std::string Name; ///< e.g. "async_receive"
  /// Frame-local variables that receive the data (buffers, the socket of
  /// async_accept(sock, ...)).
  llvm::SmallVector<const clang::VarDecl *, 2> IntoVars;

  bool producesData() const {
    return Kind == OpKind::ReceiveValue || Kind == OpKind::ReadInto ||
           Kind == OpKind::Accept || Kind == OpKind::ComposedRead;
  }
  bool composed() const {
    return Kind == OpKind::ComposedRead || Kind == OpKind::ComposedWrite;
  }
};

/// Classifies E (after unwrap) as a call of an asio asynchronous operation.
std::optional<AsyncOp> classifyAsyncOp(const clang::Expr *E);

/// A variable whose storage lives in the coroutine frame: a local by value,
/// or a by-value parameter (coroutines copy them into the frame).
bool isFrameLocal(const clang::VarDecl *V);

/// The coroutine function called by E (after unwrap), if its body is in
/// this translation unit. Looks through co_spawn(ex, coro(...), token).
const clang::FunctionDecl *calledCoroutine(const clang::Expr *E,
                                           const clang::CallExpr **Call = nullptr);

/// The definition of FD if it is a coroutine with a body, else nullptr.
const clang::FunctionDecl *coroutineDefinition(const clang::FunctionDecl *FD);

/// True for awaitables that never suspend (asio::this_coro::executor, ...).
bool isNonSuspendingAwaitable(const clang::Expr *Operand);

/// error_code / exception_ptr: a completion value that carries no data.
bool isErrorLikeType(clang::QualType T);

/// A human-readable name for a function ("reader", "Session::run",
/// "lambda at file.cpp:12").
std::string displayName(const clang::FunctionDecl *FD);


// --- executors, spawns and hops (the thread-affinity rules) ------------------

/// The number of arguments written at the call (asio's functions take
/// trailing defaulted constraint parameters).
unsigned explicitArgs(const clang::CallExpr *C);

/// True if C calls a function or member named one of Names declared in asio.
bool isAsioCall(const clang::CallExpr *C,
                std::initializer_list<llvm::StringRef> Names);

/// The coroutine a `co_spawn(executor, what, token)` call starts: `what` is
/// a call of a coroutine defined in the TU, or a lambda whose call operator
/// is a coroutine. nullptr otherwise.
const clang::FunctionDecl *spawnedCoroutine(const clang::CallExpr *CoSpawn);

/// What kind of execution context a class is (after references and typedefs).
enum class ContextKind {
  None,      ///< not a recognized context or executor
  ThreadPool, ///< thread_pool / static_thread_pool or its executor type
  IoContext, ///< io_context itself
  IoContextExecutor, ///< io_context::executor_type (object unknown)
  Strand,    ///< strand<...>, io_context::strand
  AnyExecutor, ///< any_io_executor, executor, ...: polymorphic
};
ContextKind classifyContextType(clang::QualType T);

/// For a completion token `bind_executor(X, use_awaitable)` (after unwrap),
/// the executor or context expression X; else nullptr.
const clang::Expr *boundExecutor(const clang::Expr *Token);

/// For an awaited asio operation whose completion token is
/// `bind_executor(X, use_awaitable)`, the call and X: the coroutine resumes
/// on X. nullptr when the operand is no such operation.
const clang::Expr *hopTarget(const clang::Expr *AwaitOperand);

} // namespace asio
} // namespace corosafe

#endif
