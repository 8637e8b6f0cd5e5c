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
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace corosafe {

struct Take {
  const clang::CoroutineSuspendExpr *At = nullptr; ///< the co_await that takes
  const clang::ValueDecl *Var = nullptr; ///< where the data is held
  std::string Source;                    ///< "async_receive", "read_message"
  bool IntoBuffer = false;               ///< read into a buffer variable
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

class SummaryCache {
public:
  explicit SummaryCache(clang::ASTContext &Ctx) : Ctx(Ctx) {}
  /// Summary of a coroutine definition (see asio::coroutineDefinition).
  const CoroutineSummary &get(const clang::FunctionDecl *Def);

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<CoroutineSummary>>
      Cache;
};

} // namespace corosafe

#endif
