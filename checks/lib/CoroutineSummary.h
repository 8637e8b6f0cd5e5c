//===- CoroutineSummary.h - what a coroutine takes and holds ----*- C++ -*-===//
//
// A per-function summary of a coroutine body, computed once and cached:
//  - its suspension points (co_await / co_yield that can really suspend);
//  - its takes: values it obtained from a source (a channel receive, bytes
//    read into a frame-local buffer, a coroutine that returns taken data);
//  - its hazards: a suspension point at which taken data is still held in the
//    frame, found on Clang's CFG (forward: the take reaches the suspension
//    with no kill and no delivery out of the frame; backward: the data is
//    used at or after the suspension);
//  - the coroutines it awaits, to follow hazards transitively.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_COROUTINESUMMARY_H
#define COROSAFE_COROUTINESUMMARY_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CFG;
}

namespace corosafe {

/// One step of value flow: \p Var receives data derived from the
/// previous step's variable.
struct DerivStep {
  const clang::ValueDecl *Var = nullptr;
  clang::SourceRange Where; ///< the declaration, assignment or call
  std::string Name;         ///< how messages call Var
};

struct Take {
  const clang::CoroutineSuspendExpr *At = nullptr; ///< the co_await that takes
  const clang::ValueDecl *Var = nullptr; ///< where the data is held
  std::string Source;                    ///< "async_receive", "read_message"
  bool IntoBuffer = false;               ///< read into a buffer variable
  /// Derived data: the variable the data was taken into, and the steps
  /// from it to Var (empty for the take itself).
  const clang::ValueDecl *Root = nullptr;
  std::vector<DerivStep> Chain;
  /// Derived data: the assignment or call after which Var holds it (null:
  /// Var's declaration).
  const clang::Stmt *HeldFrom = nullptr;
  /// The data are bytes read into a buffer (also for data derived from it).
  bool Bytes = false;
  bool derived() const { return !Chain.empty(); }
  /// How messages call Var.
  std::string varName() const {
    if (!Chain.empty() && !Chain.back().Name.empty())
      return Chain.back().Name;
    return Var ? Var->getNameAsString() : std::string();
  }
};

struct Hazard {
  const clang::CoroutineSuspendExpr *Suspend = nullptr; ///< data held here
  Take T;
  /// The taken value is a temporary inside the suspension's own operand
  /// (`co_await send(co_await receive())`).
  bool Temporary = false;
};

struct AwaitedCall {
  const clang::CoroutineSuspendExpr *At = nullptr;
  const clang::FunctionDecl *Callee = nullptr; ///< a coroutine definition
};

struct CoroutineSummary {
  const clang::FunctionDecl *FD = nullptr;
  std::vector<const clang::CoroutineSuspendExpr *> Suspensions;
  std::vector<Take> Takes;
  std::vector<Hazard> Hazards;
  std::vector<AwaitedCall> Awaits;
  /// co_return hands out data it took (directly or through a variable).
  bool ReturnsTaken = false;
  std::string ReturnsSource;
};

namespace model {
class CoroModel;
}

/// One CFG per function body (with automatic destructors), built once per
/// TU and shared by the cancellation summary and the thread rules' frame
/// flow. Owned by the TU's model.
class CfgCache {
public:
  CfgCache();
  ~CfgCache();
  /// The CFG of FD's body (a coroutine's: the body inside its
  /// CoroutineBodyStmt), or nullptr when Clang cannot build one.
  const clang::CFG *get(const clang::FunctionDecl *FD, clang::ASTContext &Ctx);
  /// The statement the CFG was built from.
  static const clang::Stmt *bodyOf(const clang::FunctionDecl *FD);

private:
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::CFG>>
      Cfgs;
};

class SummaryCache {
public:
  SummaryCache(clang::ASTContext &Ctx, const model::CoroModel &M,
               CfgCache &Cfgs)
      : Ctx(Ctx), M(M), Cfgs(Cfgs) {}
  /// Summary of a coroutine definition (see ast::coroutineDefinition).
  const CoroutineSummary &get(const clang::FunctionDecl *Def);
  const model::CoroModel &model() const { return M; }
  CfgCache &cfgs() { return Cfgs; }

private:
  clang::ASTContext &Ctx;
  const model::CoroModel &M;
  CfgCache &Cfgs;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<CoroutineSummary>>
      Cache;
};


/// What a select awaited as a whole hands out (asio `a || b`, a parallel
/// group's results): the name of its first data-producing operand (an
/// operation that produces data, a coroutine that returns taken data, or an
/// operation forwarded from a parameter), and whether the first result is
/// the completion order.
struct SelectData {
  std::string Source;
  bool FirstIsOrder = false;
};
std::optional<SelectData> selectData(const clang::Expr *AwaitOperand,
                                     SummaryCache &Cache,
                                     const clang::FunctionDecl *Self);
/// The parameter an operand forwards (`std::move(op)`), or null.
const clang::Expr *forwardedParam(const clang::Expr *E);

/// The control flow of one function body with its automatic destructors, to
/// ask where a local is held or still needed, and which suspension points a
/// statement reaches. Used by the thread-affinity rules, on the same CFG as
/// the summary above (CfgCache).
class FrameFlow {
public:
  FrameFlow(const clang::FunctionDecl *FD, clang::ASTContext &Ctx,
            const model::CoroModel &M, CfgCache &Cfgs);
  ~FrameFlow();
  FrameFlow(const FrameFlow &) = delete;
  FrameFlow &operator=(const FrameFlow &) = delete;

  bool valid() const;
  const clang::FunctionDecl *function() const { return FD; }
  /// co_await / co_yield that really suspend (not this_coro::*), body order.
  const std::vector<const clang::CoroutineSuspendExpr *> &suspensions() const;
  /// Variables declared in the body (not in nested lambdas), body order.
  const std::vector<const clang::VarDecl *> &locals() const;

  struct Use {
    clang::SourceRange Range;
    bool IsScopeEnd = false; ///< V's destructor at the end of its scope
  };
  /// The first use of V reached after \p After on some path: a reference to
  /// it, a lambda capturing it, or (with CountDtor) its destructor. Stops at
  /// a new declaration of V (the next loop iteration's object).
  std::optional<Use> nextUse(const clang::Stmt *After, const clang::VarDecl *V,
                             bool CountDtor) const;
  /// Is \p Target reached from one of \p Gens with no Kill, no destructor
  /// of V and no new declaration of V in between (a forward may-analysis:
  /// "V still holds its lock at Target")?
  bool heldAt(const clang::VarDecl *V, llvm::ArrayRef<const clang::Stmt *> Gens,
              const llvm::SmallPtrSetImpl<const clang::Stmt *> &Kills,
              const clang::Stmt *Target) const;
  /// The first real suspension points reached after \p After.
  std::vector<const clang::CoroutineSuspendExpr *>
  nextSuspensions(const clang::Stmt *After) const;
  /// Where the function body ends (its closing brace).
  clang::SourceLocation endOfBody() const;

private:
  struct Impl;
  const clang::FunctionDecl *FD;
  std::unique_ptr<Impl> P;
};

} // namespace corosafe

#endif
