//===- ThreadBoundAcrossSuspend.cpp - corosafe-thread-bound-across-suspend ===//
//
// A thread-bound object (a lock guard, a reference to a thread_local object,
// a type marked thread-bound) is held or still needed across a suspension
// point after which the coroutine may resume on another thread: it runs on a
// multi-threaded executor (a profile's multi or serial executors: asio
// thread_pool, io_context run by several threads, strand), or the
// suspension is a hop (a profile's hop rows: asio
// `co_await post(bind_executor(X, use_awaitable))`) to another executor, or
// a suspension after such a hop (until the coroutine returns to its own
// executor, or for good). A lock guard held across any suspension is
// always reported: on a single thread it deadlocks the next coroutine that
// locks the same mutex.
//
//===----------------------------------------------------------------------===//
#include "CoroutineSummary.h"
#include "RuleSupport.h"
#include "ThreadModel.h"
#include "model/AstUtil.h"
#include "model/TUModel.h"

#include "corosafe/Analysis.h"
#include "corosafe/Rules.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace corosafe {
namespace {

constexpr std::string_view RuleId = "corosafe-thread-bound-across-suspend";

std::string helpNote(std::string_view Fix) { return helpLine(RuleId, Fix); }

/// Lock / unlock calls on a guard variable, and moves out of it.
struct GuardEvents : RecursiveASTVisitor<GuardEvents> {
  const VarDecl *V;
  llvm::SmallVector<const Stmt *, 4> Gens;
  llvm::SmallPtrSet<const Stmt *, 4> Kills;
  explicit GuardEvents(const VarDecl *V) : V(V) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  static bool names(const Expr *E, const VarDecl *V) {
    const auto *DRE =
        dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    return DRE && DRE->getDecl() == V;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier() || !names(MC->getImplicitObjectArgument(), V))
      return true;
    StringRef N = M->getName();
    if (N == "lock" || N.starts_with("try_lock"))
      Gens.push_back(MC);
    else if (N == "unlock" || N == "release")
      Kills.insert(MC);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (FD && FD->getIdentifier() && FD->getName() == "move" &&
        FD->isInStdNamespace() && C->getNumArgs() == 1 && names(C->getArg(0), V))
      Kills.insert(C);
    return true;
  }
};

/// `std::unique_lock lk(mu, std::defer_lock)`: not locked by its declaration.
bool deferred(const VarDecl *V) {
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
      V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr);
  if (!CE)
    return false;
  for (const Expr *A : CE->arguments()) {
    const auto *RD = A->getType()->getAsCXXRecordDecl();
    if (RD && RD->getIdentifier() && RD->getName() == "defer_lock_t")
      return true;
  }
  return false;
}

const DeclStmt *declStmtOf(const VarDecl *V, ASTContext &Ctx) {
  for (const DynTypedNode &N : Ctx.getParents(*V))
    if (const auto *DS = N.get<DeclStmt>())
      return DS;
  return nullptr;
}

using ast::operandOf;
using ast::quote;

class ThreadBoundRule : public Rule {
public:
  ThreadBoundRule(RuleOptions &Opt, TUModel &TU)
      : TU(TU), Types(TU.types()) {
    ThreadBoundTypes = Opt.text("ThreadBoundTypes");
    UnknownLevel = Opt.level("UnknownExecutor", Level::Note);
  }

  std::string_view id() const override { return RuleId; }

  std::vector<std::pair<std::string, std::string>> options() const override {
    return {{"ThreadBoundTypes", ThreadBoundTypes},
            {"UnknownExecutor",
             UnknownLevel ? std::string(levelName(*UnknownLevel)) : "off"}};
  }

  void registerMatchers(MatchFinder &Finder) override {
    TU.useExecutors(Finder);
  }

  void finish(ASTContext &Ctx, std::vector<RawFinding> &Out) override;

private:
  TUModel &TU;
  thread::TypeModel &Types;
  std::string ThreadBoundTypes;
  std::optional<Level> UnknownLevel = Level::Note;

  struct Candidate {
    const VarDecl *V;
    thread::Bound B;
    std::string Why;
    const VarDecl *ThreadLocal = nullptr;
  };
  /// Where the coroutine resumes after a suspension.
  enum class Where { SameThread, OtherThread, Unknown };

  void analyze(const FunctionDecl *FD, ASTContext &Ctx,
               thread::ExecutorModel &Model, std::vector<RawFinding> &Out);
};

void ThreadBoundRule::analyze(const FunctionDecl *FD, ASTContext &Ctx,
                              thread::ExecutorModel &Model,
                              std::vector<RawFinding> &Out) {
  const model::CoroModel &M = TU.coro();
  FrameFlow Flow(FD, Ctx, M, TU.cfgs());
  if (!Flow.valid() || Flow.suspensions().empty())
    return;

  std::vector<Candidate> Cands;
  for (const VarDecl *V : Flow.locals()) {
    if (!V->hasLocalStorage() || V->getType()->isDependentType())
      continue;
    std::string Why;
    thread::Bound B = Types.threadBound(V->getType(), &Why);
    if (B != thread::Bound::None) {
      Cands.push_back({V, B, Why});
    } else if (const VarDecl *TL = thread::threadLocalTarget(V)) {
      Cands.push_back({V, thread::Bound::ThreadBound,
                       "it refers to the thread_local " +
                           quote(TL->getName()),
                       TL});
    }
  }
  if (Cands.empty())
    return;

  const thread::Home &H = Model.home(FD);
  // Hops, and the suspensions after them: the first ordinary one returns
  // the coroutine to its own executor; after a hop that stays, every later
  // one resumes there.
  llvm::DenseMap<const CoroutineSuspendExpr *, thread::ExecFact> Hop, Back;
  llvm::SmallPtrSet<const CoroutineSuspendExpr *, 4> Stays;
  for (const CoroutineSuspendExpr *S : Flow.suspensions()) {
    if (std::optional<model::Hop> H = M.hop(operandOf(S))) {
      thread::ExecFact F = Model.classify(H->Target);
      F.Site = S->getSourceRange();
      Hop[S] = F;
      if (H->Stays)
        Stays.insert(S);
    }
  }
  for (auto &[S, F] : Hop) {
    std::vector<const CoroutineSuspendExpr *> Work = Flow.nextSuspensions(S);
    llvm::SmallPtrSet<const CoroutineSuspendExpr *, 8> Seen;
    while (!Work.empty()) {
      const CoroutineSuspendExpr *N = Work.back();
      Work.pop_back();
      if (Hop.count(N) || !Seen.insert(N).second)
        continue;
      Back.try_emplace(N, F);
      if (Stays.count(S))
        for (const CoroutineSuspendExpr *Next : Flow.nextSuspensions(N))
          Work.push_back(Next);
    }
  }

  auto WhereAfter = [&](const CoroutineSuspendExpr *S,
                        const thread::ExecFact *&Via) -> Where {
    Via = nullptr;
    auto Moves = [&](const thread::ExecFact &T) -> Where {
      Via = &T;
      if (T.Kind == thread::ExecKind::Multi ||
          T.Kind == thread::ExecKind::Strand)
        return Where::OtherThread;
      if (T.Kind == thread::ExecKind::Single) {
        // Another single-thread context is another thread, unless every
        // spawn puts the coroutine on that very context.
        bool Same = H.singleOnly() &&
                    llvm::all_of(H.Facts, [&](const thread::ExecFact &F) {
                      return F.Context && F.Context == T.Context;
                    });
        if (Same)
          return Where::SameThread;
        return H.Facts.empty() ? Where::Unknown : Where::OtherThread;
      }
      return Where::Unknown;
    };
    auto HI = Hop.find(S);
    if (HI != Hop.end())
      return Moves(HI->second);
    auto BI = Back.find(S);
    if (BI != Back.end()) {
      Where W = Moves(BI->second);
      if (W != Where::SameThread)
        return W;
      Via = nullptr;
    }
    if (H.mayChangeThread())
      return Where::OtherThread;
    if (H.unknown())
      return Where::Unknown;
    return Where::SameThread;
  };

  for (const Candidate &C : Cands) {
    llvm::SmallVector<const Stmt *, 4> Gens;
    GuardEvents Ev(C.V);
    if (C.B == thread::Bound::Lock) {
      Ev.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
      Gens = Ev.Gens;
      if (!deferred(C.V))
        if (const DeclStmt *DS = declStmtOf(C.V, Ctx))
          Gens.insert(Gens.begin(), DS);
    }
    bool HasDtor = false;
    if (const auto *RD = C.V->getType()->getAsCXXRecordDecl())
      HasDtor = RD->hasDefinition() && !RD->hasTrivialDestructor();

    for (const CoroutineSuspendExpr *S : Flow.suspensions()) {
      bool Live;
      std::optional<FrameFlow::Use> Use;
      if (C.B == thread::Bound::Lock) {
        Live = Flow.heldAt(C.V, Gens, Ev.Kills, S);
      } else {
        Use = Flow.nextUse(S, C.V, HasDtor);
        Live = Use.has_value();
      }
      if (!Live)
        continue;
      const thread::ExecFact *Via = nullptr;
      Where W = WhereAfter(S, Via);
      std::string Name = quote(C.V->getName());

      RawFinding F;
      F.RuleId = std::string(RuleId);
      F.Range = S->getSourceRange();
      F.Enclosing = FD;
      F.Lvl = Level::Warning;
      bool IsHop = Via && Hop.count(S);
      std::string Resume =
          IsHop ? "the coroutine resumes on " + Via->What
                : "the coroutine may resume on another thread";
      if (C.B == thread::Bound::Lock) {
        if (W == Where::OtherThread) {
          F.Message = Name + " holds a lock across a suspension point; " +
                      Resume +
                      ", which then unlocks a mutex it does not own";
          F.MessageKey = "lock-other-thread";
        } else if (W == Where::SameThread) {
          F.Message = Name + " holds a lock across a suspension point; the "
                             "coroutine runs on a single thread, so the next "
                             "coroutine that locks the same mutex deadlocks";
          F.MessageKey = "lock-single-thread";
        } else {
          F.Message = Name + " holds a lock across a suspension point; on a "
                             "single thread the next coroutine that locks the "
                             "same mutex deadlocks, on several threads the "
                             "mutex is unlocked on the wrong thread (executor "
                             "unknown)";
          F.MessageKey = "lock-unknown-executor";
        }
        F.Help = helpNote("release the lock before the suspension point (end "
                          "its scope or call unlock()), or use an "
                          "asynchronous mutex or a strand instead of a lock");
      } else {
        if (W == Where::SameThread)
          continue;
        std::string What =
            C.ThreadLocal ? Name + " refers to the thread_local " +
                                quote(C.ThreadLocal->getName()) +
                                " and is used after a suspension point"
                          : Name + " is thread-bound and live across a "
                                   "suspension point";
        if (W == Where::OtherThread) {
          F.Message = What + " after which " + Resume;
          F.MessageKey = C.ThreadLocal ? "thread-local-other-thread"
                                       : "thread-bound-other-thread";
        } else {
          if (!UnknownLevel)
            continue;
          F.Lvl = *UnknownLevel;
          F.Message = What + " after which the coroutine may resume on "
                             "another thread (executor unknown)";
          F.MessageKey = C.ThreadLocal ? "thread-local-unknown-executor"
                                       : "thread-bound-unknown-executor";
        }
        F.Help = helpNote(
            C.ThreadLocal
                ? "look the thread_local object up again after each "
                  "suspension point instead of keeping a reference to it"
                : "end the object's lifetime before the suspension point, "
                  "or run the coroutine on a single-thread executor");
      }
      F.Notes.push_back({C.V->getSourceRange(),
                         Name + " declared here (" + C.Why + ")"});
      if (Use && !Use->IsScopeEnd)
        F.Notes.push_back({Use->Range, Name + " is used here after resuming"});
      if (Via && !IsHop) {
        auto HopAt = llvm::find_if(Hop, [&](const auto &E) {
          return E.second.Site == Via->Site;
        });
        bool Stayed = HopAt != Hop.end() && Stays.count(HopAt->first);
        F.Notes.push_back(
            {Via->Site,
             "the coroutine moved to " + Via->What +
                 (Stayed ? " here and stays there"
                         : " here; it returns to its own executor at the "
                           "next suspension")});
      }
      if (const thread::ExecFact *HF = H.anyFact()) {
        if (HF->Site.isValid()) {
          std::string Who = StringRef(HF->Spawned).starts_with("lambda")
                                ? "the " + HF->Spawned
                                : quote(HF->Spawned);
          F.Notes.push_back(
              {HF->Site, Who + " is spawned here on " + HF->What});
        } else if (!HF->What.empty()) {
          // A coroutine type that never changes thread (no spawn site).
          F.Notes.push_back({FD->getLocation(),
                             quote(ast::displayName(FD)) + " " + HF->What});
        }
      }
      Out.push_back(std::move(F));
    }
  }
}

void ThreadBoundRule::finish(ASTContext &Ctx, std::vector<RawFinding> &Out) {
  thread::ExecutorModel &Model = TU.executors(Ctx);
  for (const FunctionDecl *FD : Model.coroutines())
    analyze(FD, Ctx, Model, Out);
}

} // namespace

std::unique_ptr<Rule> createThreadBoundAcrossSuspendRule(RuleOptions &Opt,
                                                         TUModel &M) {
  return std::make_unique<ThreadBoundRule>(Opt, M);
}

} // namespace corosafe
