//===- ThreadModel.h - types and executors for thread affinity --*- C++ -*-===//
//
// The model shared by corosafe-send-escape and
// corosafe-thread-bound-across-suspend:
//  - TypeModel: which types are not Send (must not be shared with another
//    thread: non-atomic reference counts, annotated types, and what holds
//    them by value) and which are thread-bound (lock guards, scoped_lockable
//    types, annotated types); computed structurally, cached per type;
//  - ExecutorModel: where each coroutine of the TU runs, from its asio
//    co_spawn sites (thread_pool, io_context run by one or several threads,
//    strand, unknown), inherited by the coroutines it awaits;
//  - the classification of an executor expression and of explicit hops
//    (`co_await post(bind_executor(X, use_awaitable))`).
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_THREADMODEL_H
#define COROSAFE_THREADMODEL_H

#include "model/CoroModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace corosafe {
namespace thread {

using model::Bound;

class TypeModel {
public:
  explicit TypeModel(const model::CoroModel &M) : M(M) {}

  /// Why T must not cross to another thread ("'boost::local_shared_ptr<int>'
  /// has a non-atomic reference count"), or nullopt when T is Send.
  std::optional<std::string> nonSend(clang::QualType T);
  /// Whether T is thread-bound, and why.
  Bound threadBound(clang::QualType T, std::string *Why = nullptr);

private:
  struct Entry {
    bool Done = false;
    std::optional<std::string> Reason;
    Bound B = Bound::None;
  };
  const model::CoroModel &M;
  llvm::DenseMap<const clang::Type *, Entry> NonSendCache, BoundCache;

  std::optional<std::string> nonSendLeaf(const clang::CXXRecordDecl *RD);
  Bound boundLeaf(const clang::CXXRecordDecl *RD, std::string &Why);
};

/// V is a reference or pointer bound to a thread_local object (or a part
/// of one): `int &c = counter;`, `auto *p = &tls.field;`.
const clang::VarDecl *threadLocalTarget(const clang::VarDecl *V);

/// What an executor is, as far as the TU shows.
enum class ExecKind {
  Single,  ///< io_context run by one thread
  Strand,  ///< a strand: serialized, but may change threads
  Multi,   ///< thread_pool, io_context run by several threads
  Unknown, ///< a parameter, any_io_executor, a context run elsewhere
  Inherit, ///< `co_await this_coro::executor`: the spawner's own executor
};

struct ExecFact {
  ExecKind Kind = ExecKind::Unknown;
  clang::SourceRange Site;     ///< the co_spawn (or hop) that says so
  std::string What;            ///< "a thread pool", "a strand", ...
  std::string Spawned;         ///< the coroutine spawned there
  const clang::VarDecl *Context = nullptr; ///< the io_context, if known
};

/// Where a coroutine runs: every executor it may be started on.
struct Home {
  std::vector<ExecFact> Facts;
  bool mayChangeThread() const;
  bool unknown() const; ///< no fact, or an unknown one, and none multi
  bool singleOnly() const;
  const ExecFact *multiFact() const;  ///< the first Multi or Strand fact
  const ExecFact *anyFact() const;
};

/// Collects co_spawn sites, awaits between coroutines and the threads that
/// run each io_context; then answers where a coroutine runs.
class ExecutorModel : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit ExecutorModel(const model::CoroModel &M) : M(M) {}
  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &R) override;
  /// Computes the homes; call once, before home().
  void finish(clang::ASTContext &Ctx);

  /// The coroutine definitions in user code, in match order.
  const std::vector<const clang::FunctionDecl *> &coroutines() const {
    return Coroutines;
  }
  const Home &home(const clang::FunctionDecl *Coro) const;
  /// Classifies an executor or execution-context expression.
  ExecFact classify(const clang::Expr *E) const;
  /// The number of threads seen running an io_context (0: none visible).
  unsigned runners(const clang::VarDecl *IoContext) const;

private:
  const model::CoroModel &M;
  struct Spawn {
    const clang::CallExpr *Call;
    const clang::FunctionDecl *Spawner; ///< enclosing function
  };
  std::vector<Spawn> Spawns;
  std::vector<const clang::FunctionDecl *> Coroutines;
  llvm::DenseMap<const clang::VarDecl *, unsigned> Runners;
  llvm::DenseMap<const clang::FunctionDecl *, Home> Homes;
  /// Coroutines of a type that never changes thread (no spawn site).
  llvm::DenseMap<const clang::FunctionDecl *, Home> SingleThread;
  Home Empty;

  ExecFact classify(const clang::Expr *E, int Depth) const;
  ExecFact fromRow(ExecKind K, const ExecutorRow *Row) const;
  void addRunCall(const clang::CXXMemberCallExpr *MC,
                  clang::ASTContext &Ctx);
};

/// Describes a kind for messages ("a thread pool").
std::string describe(ExecKind K);

} // namespace thread
} // namespace corosafe

#endif
