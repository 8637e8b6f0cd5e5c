//===- SendEscape.cpp - corosafe-send-escape -----------------------------===//
//
// A value of a non-Send type (a non-atomic reference count, a type marked
// not Send, what holds one by value; a reference into the coroutine frame;
// a pointer to a thread_local object) crosses a task boundary while its
// origin still uses it: captured into a callable handed to another executor
// or thread (the profiles' boundaries: asio post / dispatch / defer,
// std::thread, std::jthread, std::async; and their spawns: co_spawn) or
// passed to a coroutine spawned as a separate task. A value used only inside one task, even across suspension points
// and thread hops, is not reported.
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
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <map>

using namespace clang;
using namespace clang::ast_matchers;

namespace corosafe {
namespace {

constexpr std::string_view RuleId = "corosafe-send-escape";

std::string helpNote(std::string_view Fix) { return helpLine(RuleId, Fix); }

using ast::quote;

enum class BoundaryKind { Executor, Spawn, Thread };

struct Boundary {
  const Expr *E;
  BoundaryKind Kind;
  const FunctionDecl *Origin; // the enclosing function
  std::optional<model::BoundaryCall> Call; // Executor and Thread
  std::optional<model::SpawnCall> Spawned; // Spawn
};

enum class EscapeKind {
  Copy,     ///< a copy of a non-Send value; the origin keeps its own
  Shared,   ///< a non-Send object shared by reference
  FrameRef, ///< a reference or pointer into the coroutine frame
  TlsPtr,   ///< a pointer to a thread_local object
};

struct Escape {
  SourceRange At;
  const VarDecl *V;
  EscapeKind Kind;
  std::string Why;
};

bool isStdCall(const Expr *E, std::initializer_list<StringRef> Names) {
  const auto *C = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  if (!C)
    return false;
  const FunctionDecl *FD = C->getDirectCallee();
  return FD && FD->getIdentifier() && FD->isInStdNamespace() &&
         llvm::is_contained(Names, FD->getName());
}

/// `std::move(x)` (possibly inside the construction it initializes).
bool isMoved(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() != 1)
        return false;
      E = CE->getArg(0);
      continue;
    }
    return isStdCall(E, {"move"});
  }
  return false;
}

/// The local variable E names (through implicit conversions and copies),
/// and whether it is only its address (`&x`).
const VarDecl *namedLocal(const Expr *E, bool *AddressOf = nullptr) {
  if (AddressOf)
    *AddressOf = false;
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_AddrOf)
      return nullptr;
    if (AddressOf)
      *AddressOf = true;
    E = UO->getSubExpr();
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(ast::unwrap(E));
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage())
    return nullptr;
  return V;
}

class SendEscapeRule : public Rule, public MatchFinder::MatchCallback {
public:
  SendEscapeRule(RuleOptions &Opt, TUModel &TU)
      : TU(TU), M(TU.coro()), Types(TU.types()) {
    NonSendTypes = Opt.text("NonSendTypes");
    UnknownLevel = Opt.level("UnknownExecutor", Level::Note);
  }

  std::string_view id() const override { return RuleId; }

  std::vector<std::pair<std::string, std::string>> options() const override {
    return {{"NonSendTypes", NonSendTypes},
            {"UnknownExecutor",
             UnknownLevel ? std::string(levelName(*UnknownLevel)) : "off"}};
  }

  void registerMatchers(MatchFinder &Finder) override {
    TU.useExecutors(Finder);
    auto InUserCode = unless(isExpansionInSystemHeader());
    auto Fn = optionally(forFunction(functionDecl().bind("fn")));
    std::vector<std::string> Calls = M.boundaryCallNames();
    for (const std::string &N : M.spawnNames())
      Calls.push_back(N);
    // Boundaries and spawns by the profiles' names, through a function
    // object (stdexec's starts_on), or spawns marked COROSAFE_SPAWN.
    Finder.addMatcher(
        callExpr(anyOf(callee(functionDecl(anyOf(hasAnyName(ast::refs(Calls)),
                                                 hasAttr(attr::Annotate)))),
                       cxxOperatorCallExpr(
                           hasOverloadedOperatorName("()"),
                           hasArgument(0, ignoringParenImpCasts(declRefExpr(to(
                                              varDecl(hasAnyName(ast::refs(Calls))))))))),
                 InUserCode, Fn)
            .bind("call"),
        this);
    std::vector<std::string> Classes = M.boundaryConstructNames();
    if (!Classes.empty())
      Finder.addMatcher(
          cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                               ofClass(hasAnyName(ast::refs(Classes))))),
                           InUserCode, Fn)
              .bind("thread"),
          this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (!Fn || Fn->isDependentContext())
      return; // templates are analyzed in their instantiations
    const Expr *E = R.Nodes.getNodeAs<CallExpr>("call");
    if (!E)
      E = R.Nodes.getNodeAs<CXXConstructExpr>("thread");
    if (const auto *C = dyn_cast_or_null<CallExpr>(E))
      if (std::optional<model::SpawnCall> S = M.spawn(C)) {
        // (a member spawn's task is its object: Lazy::via(executor))
        if ((ast::rowArgs(C) >= 2 || isa<CXXMemberCallExpr>(C)) &&
            S->Executor)
          Boundaries.push_back({C, BoundaryKind::Spawn, Fn, std::nullopt, S});
        return;
      }
    if (std::optional<model::BoundaryCall> B = M.boundary(E))
      Boundaries.push_back({E,
                            B->Executor ? BoundaryKind::Executor
                                        : BoundaryKind::Thread,
                            Fn, B, std::nullopt});
  }

  void finish(ASTContext &Ctx, std::vector<RawFinding> &Out) override;

private:
  TUModel &TU;
  const model::CoroModel &M;
  thread::TypeModel &Types;
  std::string NonSendTypes;
  std::optional<Level> UnknownLevel = Level::Note;
  std::vector<Boundary> Boundaries;

  void lambdaEscapes(const LambdaExpr *L, bool InCoroutine,
                     std::vector<Escape> &Out);
  void argumentEscape(const Expr *Arg, QualType ParamType, bool InCoroutine,
                      std::vector<Escape> &Out);
};

using ast::asLambda;

void SendEscapeRule::lambdaEscapes(const LambdaExpr *L, bool InCoroutine,
                                   std::vector<Escape> &Out) {
  for (const LambdaCapture &C : L->captures()) {
    if (!C.capturesVariable())
      continue;
    const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!V)
      continue;
    SourceRange At(C.getLocation());
    if (V->isInitCapture()) {
      const Expr *Init = V->getInit();
      if (!Init || isMoved(Init))
        continue; // moved: the origin keeps nothing
      bool Addr = false;
      const VarDecl *X = namedLocal(Init, &Addr);
      if (!X)
        continue;
      if (Addr || V->getType()->isReferenceType()) {
        if (InCoroutine && !X->getType()->isReferenceType())
          Out.push_back({At, X, EscapeKind::FrameRef, ""});
        else if (auto Why = Types.nonSend(X->getType()))
          Out.push_back({At, X, EscapeKind::Shared, *Why});
      } else if (auto Why = Types.nonSend(V->getType())) {
        Out.push_back({At, X, EscapeKind::Copy, *Why});
      }
      continue;
    }
    if (!V->hasLocalStorage())
      continue;
    if (C.getCaptureKind() == LCK_ByRef) {
      if (InCoroutine && !V->getType()->isReferenceType())
        Out.push_back({At, V, EscapeKind::FrameRef, ""});
      else if (auto Why = Types.nonSend(V->getType()))
        Out.push_back({At, V, EscapeKind::Shared, *Why});
      else if (const VarDecl *TL = thread::threadLocalTarget(V))
        Out.push_back({At, V, EscapeKind::TlsPtr,
                       "it refers to the thread_local " + quote(TL->getName())});
      continue;
    }
    if (auto Why = Types.nonSend(V->getType()))
      Out.push_back({At, V, EscapeKind::Copy, *Why});
    else if (V->getType()->isPointerType())
      if (const VarDecl *TL = thread::threadLocalTarget(V))
        Out.push_back({At, V, EscapeKind::TlsPtr,
                       "it points to the thread_local " + quote(TL->getName())});
  }
}

void SendEscapeRule::argumentEscape(const Expr *Arg, QualType ParamType,
                                    bool InCoroutine, std::vector<Escape> &Out) {
  if (isMoved(Arg))
    return;
  bool ByRef = ParamType->isReferenceType() || ParamType->isPointerType();
  // std::thread / std::async copy their arguments; std::ref passes a
  // reference.
  if (const auto *C = dyn_cast<CallExpr>(ast::unwrap(Arg)))
    if (isStdCall(C, {"ref", "cref"}) && C->getNumArgs() == 1) {
      Arg = C->getArg(0);
      ByRef = true;
    }
  bool Addr = false;
  const VarDecl *X = namedLocal(Arg, &Addr);
  if (!X)
    return;
  SourceRange At = Arg->getSourceRange();
  if (ByRef || Addr) {
    if (InCoroutine && !X->getType()->isReferenceType())
      Out.push_back({At, X, EscapeKind::FrameRef, ""});
    else if (auto Why = Types.nonSend(X->getType()))
      Out.push_back({At, X, EscapeKind::Shared, *Why});
    return;
  }
  if (auto Why = Types.nonSend(ParamType))
    Out.push_back({At, X, EscapeKind::Copy, *Why});
}

void SendEscapeRule::finish(ASTContext &Ctx, std::vector<RawFinding> &Out) {
  thread::ExecutorModel &Model = TU.executors(Ctx);
  std::map<const FunctionDecl *, std::unique_ptr<FrameFlow>> Flows;
  for (const Boundary &B : Boundaries) {
    const FunctionDecl *Origin = B.Origin;
    bool InCoroutine = isa_and_nonnull<CoroutineBodyStmt>(Origin->getBody());
    const thread::Home &OriginHome = Model.home(Origin);

    // Does the new task run on another thread than its origin?
    std::optional<Level> Lvl = Level::Warning;
    std::string Into;
    std::vector<Escape> Escapes;
    if (B.Kind == BoundaryKind::Executor || B.Kind == BoundaryKind::Spawn) {
      const Expr *ExecutorArg =
          B.Kind == BoundaryKind::Spawn ? B.Spawned->Executor : B.Call->Executor;
      thread::ExecFact T = Model.classify(ExecutorArg);
      if (T.Kind == thread::ExecKind::Inherit) {
        if (!OriginHome.mayChangeThread())
          continue;
        T = *OriginHome.multiFact();
      }
      if (T.Kind == thread::ExecKind::Single && !OriginHome.mayChangeThread())
        continue;
      if (T.Kind == thread::ExecKind::Unknown)
        Lvl = UnknownLevel;
      if (!Lvl)
        continue;
      if (B.Kind == BoundaryKind::Executor) {
        Into = B.Call->Row->Describe.empty()
                   ? "a handler given to '" + B.Call->Callee + "' on " + T.What
                   : B.Call->Row->Describe + " on " + T.What;
        if (const LambdaExpr *L = asLambda(B.Call->Callable))
          lambdaEscapes(L, InCoroutine, Escapes);
      } else {
        Into = "a task spawned on " + T.What;
        const Expr *What = B.Spawned->Task;
        if (const LambdaExpr *L = asLambda(What)) {
          lambdaEscapes(L, InCoroutine, Escapes);
        } else {
          const CallExpr *Call = nullptr;
          if (const FunctionDecl *Coro = M.calledCoroutine(What, &Call)) {
            unsigned Offset = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
            for (unsigned I = Offset; I < Call->getNumArgs(); ++I)
              if (I - Offset < Coro->getNumParams())
                argumentEscape(Call->getArg(I),
                               Coro->getParamDecl(I - Offset)->getType(),
                               InCoroutine, Escapes);
          }
        }
      }
    } else {
      Into = B.Call->Row->Describe.empty() ? "a new thread"
                                           : B.Call->Row->Describe;
      if (const LambdaExpr *L = asLambda(B.Call->Callable))
        lambdaEscapes(L, InCoroutine, Escapes);
      for (const Expr *A : B.Call->Copied)
        argumentEscape(A, A->getType().getNonReferenceType(), InCoroutine,
                       Escapes);
    }
    if (Escapes.empty())
      continue;

    auto &Flow = Flows[Origin];
    if (!Flow)
      Flow = std::make_unique<FrameFlow>(Origin, Ctx, M, TU.cfgs());
    const Stmt *After = B.E;
    for (const Escape &E : Escapes) {
      std::string Name = quote(E.V->getName());
      bool CountDtor = E.Kind == EscapeKind::Copy || E.Kind == EscapeKind::Shared;
      std::optional<FrameFlow::Use> Use = Flow->nextUse(After, E.V, CountDtor);
      RawFinding F;
      F.RuleId = std::string(RuleId);
      F.Lvl = *Lvl;
      F.Range = E.At;
      F.Enclosing = Origin;
      switch (E.Kind) {
      case EscapeKind::Copy:
        if (!Use && !isa<ParmVarDecl>(E.V))
          continue; // nothing retained
        F.Message = Name + " is copied into " + Into +
                    " while the origin keeps its own copy: " + E.Why;
        F.MessageKey = "non-send-copy";
        F.Help = helpNote("move the value into the task (std::move) and do "
                          "not use it afterwards, or use a thread-safe type "
                          "(std::shared_ptr has an atomic reference count)");
        break;
      case EscapeKind::Shared:
      case EscapeKind::TlsPtr:
        if (!Use)
          continue;
        F.Message = Name + " is shared by reference with " + Into +
                    " while the origin still uses it: " + E.Why;
        F.MessageKey = "non-send-shared";
        F.Help = helpNote("give the task its own value (moved, not shared), "
                          "or keep the value inside one task");
        break;
      case EscapeKind::FrameRef:
        F.Message = "a reference to " + Name +
                    " in the coroutine frame escapes into " + Into;
        F.MessageKey = "frame-reference";
        F.Help = helpNote("capture a copy or move the value into the task; a "
                          "reference into the frame is raced by the coroutine "
                          "and dangles when the frame is destroyed");
        break;
      }
      F.Notes.push_back({B.E->getSourceRange(), "the task starts here"});
      if (Use && !Use->IsScopeEnd)
        F.Notes.push_back({Use->Range, Name + " is used here afterwards"});
      else if (Use)
        F.Notes.push_back({Use->Range, Name + " is destroyed here, at the end "
                                              "of its scope"});
      else
        F.Notes.push_back({SourceRange(Flow->endOfBody()),
                           "the coroutine frame, and " + Name +
                               " with it, ends here"});
      Out.push_back(std::move(F));
    }
  }
  Boundaries.clear();
}

} // namespace

std::unique_ptr<Rule> createSendEscapeRule(RuleOptions &Opt, TUModel &M) {
  return std::make_unique<SendEscapeRule>(Opt, M);
}

} // namespace corosafe
