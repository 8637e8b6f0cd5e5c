//===- TUModel.h - the model of one translation unit -------------*- C++ -*-===//
//
// Everything the rules share for one translation unit, built once: the
// profile-backed coroutine model, the type traits (not Send, thread-bound)
// and the executor homes of the coroutines. A rule asks for what it needs;
// matchers and the executor fixpoint run once per TU however many rules use
// them. Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_MODEL_TUMODEL_H
#define COROSAFE_MODEL_TUMODEL_H

#include "CoroModel.h"
#include "CoroutineSummary.h"
#include "ThreadModel.h"

#include <memory>

namespace corosafe {

class TUModel {
public:
  explicit TUModel(std::shared_ptr<const ProfileSet> Profiles)
      : Coro(std::move(Profiles)), Types(Coro), Executors(Coro) {}

  const model::CoroModel &coro() const { return Coro; }
  thread::TypeModel &types() { return Types; }
  /// One CFG per function body, shared by every flow analysis of the TU.
  CfgCache &cfgs() { return Cfgs; }

  /// The executor homes: any rule that needs them registers (once per TU)
  /// and finishes (once per TU) through these.
  void useExecutors(clang::ast_matchers::MatchFinder &Finder) {
    if (!ExecutorsRegistered)
      Executors.registerMatchers(Finder);
    ExecutorsRegistered = true;
  }
  thread::ExecutorModel &executors(clang::ASTContext &Ctx) {
    if (!ExecutorsFinished)
      Executors.finish(Ctx);
    ExecutorsFinished = true;
    return Executors;
  }

private:
  model::CoroModel Coro;
  thread::TypeModel Types;
  thread::ExecutorModel Executors;
  CfgCache Cfgs;
  bool ExecutorsRegistered = false, ExecutorsFinished = false;
};

} // namespace corosafe

#endif
