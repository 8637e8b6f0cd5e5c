//===- CoroModel.h - the framework-neutral coroutine model ------*- C++ -*-===//
//
// What the declarations of a translation unit mean for coroutines, answered
// from the active profiles (corosafe/Profile.h) and the COROSAFE_*
// annotations: awaitable operations and what they produce, selects and
// their policies, channels and their operations, spawns, task boundaries,
// executors, hops, and the types that must not leave their task or thread.
// Rules ask this model and never name a framework; messages take the
// framework's own spelling from the profile rows.
//
// Built once per translation unit (TUModel) and shared by every rule and
// the facts collector. Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_MODEL_COROMODEL_H
#define COROSAFE_MODEL_COROMODEL_H

#include "DeclMatch.h"

#include "corosafe/Profile.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace corosafe {
namespace model {

// --- awaits -----------------------------------------------------------------

enum class Produces { None, Value, Bytes, Connection };
enum class Progress { None, Read, Write };

/// An awaitable operation the profiles know.
struct AsyncOp {
  const clang::CallExpr *Call = nullptr;
  std::string Name; ///< "async_receive"
  Produces What = Produces::None;
  Progress Partial = Progress::None;
  /// Frame-local variables that receive the data (buffers, the socket of
  /// an accept).
  llvm::SmallVector<const clang::VarDecl *, 2> IntoVars;
  /// Its completion token hands errors back as values (a token row with
  /// `errors: value`): awaiting it never throws.
  bool ErrorsAsValues = false;

  bool producesData() const { return What != Produces::None; }
  bool composed() const { return Partial != Progress::None; }
  /// The await's own result is the data (a received message, a connection
  /// returned rather than accepted into an argument).
  bool valueResult() const {
    return What == Produces::Value ||
           (What == Produces::Connection && IntoVars.empty());
  }
};

// --- selects ----------------------------------------------------------------

struct Select {
  const clang::Expr *Call = nullptr; ///< the operator, member or call
  clang::SourceLocation OpLoc;       ///< where to point the select note
  const SelectRow *Row = nullptr;
  std::string Condition; ///< member selects: the wait ("wait_for_one")
  std::vector<const clang::Expr *> Operands;
  const clang::FunctionDecl *InFunction = nullptr;
  bool Member = false;

  /// Cancels the others only when an operand fails ('&&').
  bool cancelsOnFailureOnly() const { return Row->Cancels == "on-failure"; }
  /// Cancels nothing: the operands that lose run on (async_simple's plain
  /// collectAny, concurrencpp's when_any); what a loser holds is not lost.
  bool cancelsNothing() const { return Row->Cancels == "none"; }
  /// A completed value can be dropped by what the select returns.
  bool dropsCompletedValues() const { return Row->Results != "all"; }
  /// Every operand's result comes back, with the completion order.
  bool returnsAllResults() const { return Row->Results == "all"; }
  std::string operandNote(const std::string &Operand) const;
  /// "or@", "group@": the prefix of the select ids in the facts.
  std::string idPrefix() const;
};

// --- channels ---------------------------------------------------------------

struct ChannelType {
  const clang::CXXRecordDecl *Record = nullptr;
  std::string Name;   ///< qualified name of the record (no template args)
  std::string Origin; ///< the profile id, "option" or "annotation"
  bool Bounded = true;
  const ChannelRow *Row = nullptr;
};

enum class Direction { Send, Receive };

struct ChannelOp {
  const clang::CXXMemberCallExpr *Call = nullptr;
  const clang::Expr *Object = nullptr; ///< the channel expression
  ChannelType Type;
  Direction Dir = Direction::Send;
  bool Blocking = true;
  std::string Method;
};

struct Capacity {
  enum Kind { Constant, Unknown, Unbounded } K = Unknown;
  uint64_t Value = 0;
  std::string Reason; ///< why it is unknown
};

// --- spawns, boundaries, executors, hops ------------------------------------

struct SpawnCall {
  const clang::CallExpr *Call = nullptr;
  const clang::Expr *Executor = nullptr;
  const clang::Expr *Task = nullptr;
};

struct BoundaryCall {
  const clang::Expr *E = nullptr; ///< a call or a construction
  const BoundaryRow *Row = nullptr;
  std::string Callee;               ///< "post", "thread"
  const clang::Expr *Executor = nullptr; ///< null: a new thread
  const clang::Expr *Callable = nullptr;
  std::vector<const clang::Expr *> Copied; ///< arguments copied into it
};

enum class ExecutorKind { None, Multi, Serial, Counted, Unknown, Single };

struct ExecutorClass {
  ExecutorKind Kind = ExecutorKind::None;
  const ExecutorRow *Row = nullptr;
};

struct Hop {
  const clang::Expr *Target = nullptr; ///< the executor or context
  bool Stays = false; ///< false: back at the next ordinary suspension
};

// --- types ------------------------------------------------------------------

enum class Bound { None, Lock, ThreadBound };

/// The model of one configuration; its answers are cached per declaration.
class CoroModel {
public:
  explicit CoroModel(std::shared_ptr<const ProfileSet> Profiles);
  ~CoroModel();

  const ProfileSet &profiles() const { return *Set; }

  /// Own names for AST matchers (hasAnyName), by concept.
  std::vector<std::string> spawnNames() const;
  std::vector<std::string> runMethodNames() const;
  std::vector<std::string> selectOperatorNames() const; ///< "||", "&&"
  std::vector<std::string> selectMemberNames() const;
  std::vector<std::string> selectCallNames() const;
  std::vector<std::string> boundaryCallNames() const;
  std::vector<std::string> boundaryConstructNames() const;

  // awaits
  std::optional<AsyncOp> asyncOp(const clang::Expr *E) const;
  /// False for awaitables that complete at once (this_coro::executor), and
  /// for a call of a coroutine defined in the TU whose return type resumes
  /// inline (an await row's `resumes-inline`) and whose own awaits all
  /// complete at once, followed to a bounded depth.
  bool suspends(const clang::Expr *AwaitOperand) const;
  /// The completion token \p E (an argument of an operation) hands errors
  /// back as values.
  bool isErrorsAsValuesToken(const clang::Expr *E) const;
  /// `co_await this_coro::executor`: the result is the coroutine's executor.
  bool yieldsCurrentExecutor(const clang::Expr *AwaitOperand) const;
  /// A completion value that carries no data (error_code, exception_ptr).
  bool isErrorType(clang::QualType T) const;
  /// Does \p Operand lose nothing when it loses select \p S (the row's
  /// `lossless-operands`: a member call of one of those methods)?
  bool losslessOperand(const Select &S, const clang::Expr *Operand) const;

  // value flow through calls (flows rows)
  /// Where a flow starts or ends: an argument (>= 0), the object of a
  /// member call, or the call's result.
  static constexpr int Qualifier = -1, ReturnValue = -2;
  /// Does data flow from input \p From of \p C (an argument index or
  /// Qualifier) to \p To (ReturnValue, Qualifier or an argument index)?
  /// The first flows row that covers the pair decides; without one, the
  /// result derives from every input and nothing else receives data.
  bool flows(const clang::CallExpr *C, int From, int To) const;
  /// Does some flows row send data into \p C's object or an argument
  /// (push_back)? A cheap filter before asking flows().
  bool hasFlowInto(const clang::CallExpr *C) const;

  // spawns and coroutines
  std::optional<SpawnCall> spawn(const clang::CallExpr *C) const;
  /// The coroutine function called by E (after unwrap), if its body is in
  /// this translation unit; looks through a spawn's task argument.
  const clang::FunctionDecl *calledCoroutine(const clang::Expr *E,
                                             const clang::CallExpr **Call = nullptr) const;
  /// The coroutine a spawn starts: a call of a coroutine defined in the TU,
  /// a lambda, or a named lambda. nullptr otherwise.
  const clang::FunctionDecl *spawnedCoroutine(const clang::CallExpr *C) const;

  // selects
  /// An overloaded operator that is a select (not flattened).
  const SelectRow *operatorRow(const clang::Expr *E) const;
  /// The select an outermost operator call forms, operands flattened
  /// through nested select operators.
  std::optional<Select> operatorSelect(const clang::CXXOperatorCallExpr *OC) const;
  std::optional<Select> memberSelect(const clang::CXXMemberCallExpr *MC) const;
  std::optional<Select> callSelect(const clang::CallExpr *C) const;
  /// How many values \p Operand completes with (the row's result-arity
  /// hook); nullopt when unknown.
  std::optional<unsigned> resultArity(const Select &S,
                                      const clang::Expr *Operand) const;

  // channels
  std::optional<ChannelType> channelType(clang::QualType T) const;
  bool holdsChannels(clang::QualType T) const;
  std::optional<ChannelOp> channelOp(const clang::CXXMemberCallExpr *C) const;
  Capacity capacityOf(const clang::Expr *Init, const ChannelType &T,
                      const clang::ASTContext &Ctx) const;

  // executors and hops
  ExecutorClass executorOfType(clang::QualType T) const;
  /// A call that makes an executor (make_strand).
  ExecutorClass executorFactory(const clang::CallExpr *C) const;
  bool isExecutorGetter(const clang::CXXMethodDecl *M) const;
  /// For a method call on an execution context that lends it a thread
  /// (io_context::run), the context's row.
  const ExecutorRow *runCall(const clang::CXXMemberCallExpr *MC) const;
  std::optional<Hop> hop(const clang::Expr *AwaitOperand) const;

  // boundaries
  std::optional<BoundaryCall> boundary(const clang::Expr *E) const;

  // types (by value: the record itself)
  std::optional<std::string> notSend(const clang::CXXRecordDecl *RD) const;
  Bound threadBound(const clang::CXXRecordDecl *RD, std::string &Why) const;
  /// A function returning an `eager-coroutines` type: a call starts the
  /// coroutine at once (a task of its own unless awaited right away).
  bool eagerCoroutine(const clang::FunctionDecl *Callee) const;
  /// A coroutine whose return type says it always resumes on the thread
  /// that started it (a `single-thread-coroutines` row): why, for messages.
  std::optional<std::string>
  singleThreadCoroutine(const clang::FunctionDecl *Coro) const;
  /// Classes that hold their template arguments by value (std::optional).
  bool isWrapper(const clang::CXXRecordDecl *RD) const;
  /// Library classes assumed to hold nothing of interest.
  bool isOpaque(const clang::CXXRecordDecl *RD) const;

  // Library code: the profiles' namespaces. What a library does is said by
  // its profile's rows; its bodies are not analyzed (docs/profiles.md), so
  // a library vendored on a plain -I costs what it costs on -isystem.
  /// \p D is declared inside a profile's namespace (at any depth).
  bool inLibrary(const clang::Decl *D) const;
  /// \p NS is a profile's namespace or inside one.
  bool isLibraryNamespace(const clang::NamespaceDecl *NS) const;
  /// \p NS holds a profile's namespace (boost for boost::cobalt) and is
  /// not one itself.
  bool enclosesLibrary(const clang::NamespaceDecl *NS) const;

  struct Impl; ///< compiled rows (CoroModel.cpp)

private:
  int namespaceRole(const clang::NamespaceDecl *NS) const;

public:

private:
  std::shared_ptr<const ProfileSet> Set;
  std::unique_ptr<Impl> P;
};

} // namespace model
} // namespace corosafe

#endif
