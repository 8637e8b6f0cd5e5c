//===- ChannelFacts.cpp - per-TU facts for the whole-program rules -------===//
//
// Collects the facts of one translation unit (schema: docs/facts.md):
// functions (coroutines are the tasks), channel objects with their capacity,
// channel operations, and call/await/spawn edges with the channel arguments
// bound to parameters. Everything is keyed by USR so that the merge can join
// the facts of several translation units.
//
//===----------------------------------------------------------------------===//
#include "RuleSupport.h"
#include "model/AstUtil.h"
#include "model/TUModel.h"
#include "corosafe/Analysis.h"
#include "corosafe/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace corosafe {

FactsCollector::~FactsCollector() = default;

namespace {

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

bool isCoroutine(const FunctionDecl *FD) {
  return FD && FD->hasBody() && isa<CoroutineBodyStmt>(FD->getBody());
}

/// Is \p E inside a loop of its function (not counting loops around a
/// lambda it is in)?
bool inLoop(const Expr *E, ASTContext &Ctx) {
  DynTypedNode N = DynTypedNode::create(*static_cast<const Stmt *>(E));
  for (int Depth = 0; Depth < 128; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return false;
    N = Parents[0];
    const Stmt *S = N.get<Stmt>();
    if (!S || isa<LambdaExpr>(S))
      return false; // the function (or the lambda) ends here
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
      return true;
  }
  return false;
}

/// The declaration that owns a parameter or a local (the function, or the
/// lambda's call operator).
const FunctionDecl *ownerFunction(const VarDecl *V) {
  return dyn_cast_or_null<FunctionDecl>(V->getDeclContext());
}

CapacityFact capacityFact(const model::Capacity &C) {
  CapacityFact F;
  switch (C.K) {
  case model::Capacity::Constant:
    F.K = CapacityFact::Kind::Constant;
    F.Value = C.Value;
    break;
  case model::Capacity::Unbounded:
    F.K = CapacityFact::Kind::Unbounded;
    break;
  case model::Capacity::Unknown:
    F.K = CapacityFact::Kind::Unknown;
    F.Reason = C.Reason;
    break;
  }
  return F;
}

ChannelTypeFact typeFact(const model::ChannelType &T) {
  return ChannelTypeFact{T.Name, T.Origin, T.Bounded};
}

ChannelDirection directionOf(model::Direction D) {
  return D == model::Direction::Send ? ChannelDirection::Send
                                        : ChannelDirection::Receive;
}

class ChannelFactsCollector : public FactsCollector,
                              public MatchFinder::MatchCallback {
public:
  ChannelFactsCollector(TUModel &TU, bool CancelFacts)
      : TU(TU), M(TU.coro()), CancelFacts(CancelFacts) {}

  void registerMatchers(MatchFinder &Finder) override {
    auto InUserCode = unless(isExpansionInSystemHeader());
    Finder.addMatcher(
        functionDecl(isDefinition(), unless(isImplicit()), InUserCode)
            .bind("fn"),
        this);
    Finder.addMatcher(
        cxxMemberCallExpr(InUserCode, forCallable(functionDecl().bind("in")))
            .bind("mcall"),
        this);
    Finder.addMatcher(callExpr(InUserCode, forCallable(functionDecl().bind("in")))
                          .bind("call"),
                      this);
    std::vector<std::string> Ops = M.selectOperatorNames();
    std::vector<StringRef> OpNames(Ops.begin(), Ops.end());
    if (!OpNames.empty())
      Finder.addMatcher(
          cxxOperatorCallExpr(InUserCode, hasAnyOverloadedOperatorName(OpNames),
                              optionally(forFunction(functionDecl().bind("in"))))
              .bind("or"),
          this);
    Finder.addMatcher(coawaitExpr(InUserCode).bind("await"), this);
    Finder.addMatcher(varDecl(InUserCode, unless(parmVarDecl())).bind("var"),
                      this);
    Finder.addMatcher(fieldDecl(InUserCode).bind("field"), this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *FD = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      if (!FD->isDependentContext() && !M.inLibrary(FD))
        Functions.insert(FD);
      return;
    }
    if (const auto *MC = R.Nodes.getNodeAs<CXXMemberCallExpr>("mcall")) {
      const auto *In = R.Nodes.getNodeAs<FunctionDecl>("in");
      if (In && !In->isDependentContext() && !M.inLibrary(In) &&
          SeenOps.insert(MC).second)
        if (std::optional<model::ChannelOp> Op =
                M.channelOp(MC))
          Ops.push_back({*Op, In});
    }
    if (const auto *C = R.Nodes.getNodeAs<CallExpr>("call")) {
      const auto *In = R.Nodes.getNodeAs<FunctionDecl>("in");
      // Operator calls only as spawns: a spawn function object's
      // operator() (folly's co_withExecutor).
      if (isa<CXXOperatorCallExpr>(C) && !M.spawn(C))
        return;
      if (In && !In->isDependentContext() && !M.inLibrary(In) &&
          SeenCalls.insert(C).second)
        Calls.push_back({C, In});
      return;
    }
    if (const auto *Or = R.Nodes.getNodeAs<CXXOperatorCallExpr>("or")) {
      const SelectRow *Row = M.operatorRow(Or);
      if (Row && std::find(Combinators.begin(), Combinators.end(), Or) ==
                     Combinators.end()) {
        Combinators.push_back(Or);
        CombinatorIn[Or] = R.Nodes.getNodeAs<FunctionDecl>("in");
      }
      if (Row && Row->Cancels == "losers" &&
          std::find(OrCalls.begin(), OrCalls.end(), Or) == OrCalls.end())
        OrCalls.push_back(Or);
      return;
    }
    if (const auto *A = R.Nodes.getNodeAs<CoawaitExpr>("await")) {
      if (const auto *C =
              dyn_cast_or_null<CallExpr>(ast::unwrap(A->getOperand())))
        Awaited.insert(C);
      return;
    }
    if (const auto *V = R.Nodes.getNodeAs<VarDecl>("var")) {
      if (!V->getDeclContext()->isDependentContext() &&
          M.channelType(V->getType()) &&
          !V->getType()->isReferenceType() && !V->getType()->isPointerType())
        Vars.push_back(V);
      return;
    }
    if (const auto *F = R.Nodes.getNodeAs<FieldDecl>("field")) {
      if (!F->getParent()->isDependentContext() &&
          M.channelType(F->getType()) &&
          !F->getType()->isReferenceType() && !F->getType()->isPointerType())
        Fields.push_back(F);
    }
  }

  void finish(ASTContext &Ctx, TUFacts &Out) override;

private:
  struct OpAt {
    model::ChannelOp Op;
    const FunctionDecl *In;
  };
  struct CallAt {
    const CallExpr *Call;
    const FunctionDecl *In;
  };

  TUModel &TU;
  const model::CoroModel &M;
  bool CancelFacts = false;
  std::map<const CXXOperatorCallExpr *, const FunctionDecl *> CombinatorIn;
  std::set<const FunctionDecl *> Functions;
  std::vector<OpAt> Ops;
  std::vector<CallAt> Calls;
  std::vector<const CXXOperatorCallExpr *> OrCalls;
  /// Every combinator operator ('&&' and '||'), whatever it cancels.
  std::vector<const CXXOperatorCallExpr *> Combinators;
  std::set<const CallExpr *> Awaited;
  std::set<const CallExpr *> SeenOps, SeenCalls; // matched more than once
  std::vector<const VarDecl *> Vars;
  std::vector<const FieldDecl *> Fields;

  ChannelRef channelRef(const Expr *E, int Depth = 0) const;
  FunctionFact functionFact(const FunctionDecl *FD,
                            const SourceManager &SM) const;
  ChannelFact channelVarFact(const VarDecl *V, ASTContext &Ctx) const;
  ChannelFact channelFieldFact(const FieldDecl *F, ASTContext &Ctx) const;
  std::map<const CallExpr *, std::string>
  selectsOf(ASTContext &Ctx, const std::vector<model::Select> &Selects) const;
  std::set<const CallExpr *>
  concurrentOperands(const std::vector<model::Select> &Selects) const;
  std::vector<model::Select> allSelects() const;
  std::vector<const FunctionDecl *> DefsInOrder() const;
  std::vector<EdgeArgFact> argsOf(const CallExpr *C,
                                  const FunctionDecl *Callee) const;
  void keepReachingFacts(TUFacts &Out, const SourceManager &SM) const;
};

/// What a channel expression denotes. Members are known by their field
/// (every instance of a class shares one identity), parameters by their
/// function and position, variables by their USR.
ChannelRef ChannelFactsCollector::channelRef(const Expr *E, int Depth) const {
  E = ast::unwrap(E);
  if (!E || Depth > 8)
    return ChannelRef::unknown();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return channelRef(UO->getSubExpr(), Depth + 1);
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return ChannelRef::field(usrOf(F), F->getQualifiedNameAsString());
    if (const auto *V = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return ChannelRef::global(usrOf(V), V->getQualifiedNameAsString());
    return ChannelRef::unknown();
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return ChannelRef::unknown();
    if (const auto *P = dyn_cast<ParmVarDecl>(V)) {
      const FunctionDecl *Owner = ownerFunction(P);
      if (!Owner)
        return ChannelRef::unknown();
      return ChannelRef::param(usrOf(Owner->getCanonicalDecl()),
                               P->getFunctionScopeIndex(),
                               P->getName().str());
    }
    // A reference bound to a channel: follow it to what it names.
    if (V->getType()->isReferenceType() && V->getInit() &&
        !V->hasGlobalStorage())
      return channelRef(V->getInit(), Depth + 1);
    if (V->getType()->isPointerType() && V->getInit() && !V->hasGlobalStorage())
      return channelRef(V->getInit(), Depth + 1);
    if (V->hasGlobalStorage())
      return ChannelRef::global(usrOf(V), V->getQualifiedNameAsString());
    return ChannelRef::local(usrOf(V), V->getName().str());
  }
  return ChannelRef::unknown();
}

FunctionFact ChannelFactsCollector::functionFact(const FunctionDecl *FD,
                                                 const SourceManager &SM) const {
  FunctionFact Out;
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    if (!M.holdsChannels(P->getType()))
      continue;
    Out.ChannelParams.push_back(
        {I, P->getName().str(), P->getType().getAsString(),
         M.channelType(P->getType()) ? true : false});
  }
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  bool Lambda = MD && MD->getParent()->isLambda();
  std::string Name = ast::displayName(FD);
  if (Name.empty() || Name.back() == ':')
    Name = FD->getQualifiedNameAsString();
  Out.Usr = usrOf(FD->getCanonicalDecl());
  Out.Name = Name;
  Out.QualifiedName = enclosingName(FD);
  Out.Coroutine = isCoroutine(FD);
  Out.Lambda = Lambda;
  Out.Loc = toRegion(FD->getLocation(), SM);
  return Out;
}

ChannelFact ChannelFactsCollector::channelVarFact(const VarDecl *V,
                                                  ASTContext &Ctx) const {
  model::ChannelType T = *M.channelType(V->getType());
  ChannelFact J;
  J.Usr = usrOf(V);
  J.Kind = V->hasGlobalStorage() ? ChannelKind::Global : ChannelKind::Local;
  J.Name = V->hasGlobalStorage() ? V->getQualifiedNameAsString()
                                 : V->getName().str();
  J.Type = typeFact(T);
  J.Loc = toRegion(V->getLocation(), Ctx.getSourceManager());
  if (V->isThisDeclarationADefinition() != VarDecl::DeclarationOnly)
    J.Capacities = {capacityFact(M.capacityOf(V->getInit(), T, Ctx))};
  // else extern: no capacity, seen where it is defined
  return J;
}

ChannelFact ChannelFactsCollector::channelFieldFact(const FieldDecl *F,
                                                    ASTContext &Ctx) const {
  model::ChannelType T = *M.channelType(F->getType());
  std::vector<CapacityFact> Caps; // sorted and made unique by canonicalize
  if (F->hasInClassInitializer() && F->getInClassInitializer())
    Caps.push_back(
        capacityFact(M.capacityOf(F->getInClassInitializer(), T, Ctx)));
  if (const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent()))
    for (const CXXConstructorDecl *C : RD->ctors()) {
      const FunctionDecl *Def = nullptr;
      if (!C->hasBody(Def))
        continue;
      for (const CXXCtorInitializer *I : cast<CXXConstructorDecl>(Def)->inits())
        if (I->getMember() == F && I->isWritten())
          Caps.push_back(
              capacityFact(M.capacityOf(I->getInit(), T, Ctx)));
    }
  if (!T.Bounded || !T.Row || T.Row->Capacity == "unknown")
    Caps = {capacityFact(M.capacityOf(nullptr, T, Ctx))};
  ChannelFact J;
  J.Usr = usrOf(F);
  J.Kind = ChannelKind::Field;
  J.Name = F->getQualifiedNameAsString();
  J.Type = typeFact(T);
  J.Capacities = std::move(Caps);
  J.Loc = toRegion(F->getLocation(), Ctx.getSourceManager());
  return J;
}

/// Finds the selects that cancel their losers (the profiles' select rows:
/// asio `||`, make_parallel_group with wait_for_one*) whose operands are
/// channel operations; returns an id per operation call.
std::map<const CallExpr *, std::string>
ChannelFactsCollector::selectsOf(ASTContext &Ctx,
                                 const std::vector<model::Select> &Selects) const {
  std::map<const CallExpr *, std::string> Out;
  const SourceManager &SM = Ctx.getSourceManager();
  auto IdOf = [&](const Expr *E) {
    SourceRegion R = toRegion(E->getSourceRange(), SM);
    return R.File + ":" + std::to_string(R.Line) + ":" +
           std::to_string(R.Column);
  };
  // A || (B || C): the outermost operator is the select.
  std::set<const CXXOperatorCallExpr *> Inner;
  for (const CXXOperatorCallExpr *Or : OrCalls)
    for (unsigned I = 0; I < 2; ++I)
      if (const auto *Sub = dyn_cast_or_null<CXXOperatorCallExpr>(
              ast::unwrap(Or->getArg(I))))
        Inner.insert(Sub);
  std::function<void(const Expr *, const std::string &)> Collect =
      [&](const Expr *E, const std::string &Id) {
        E = ast::unwrap(E);
        if (const auto *Sub = dyn_cast_or_null<CXXOperatorCallExpr>(E)) {
          if (std::find(OrCalls.begin(), OrCalls.end(), Sub) != OrCalls.end()) {
            Collect(Sub->getArg(0), Id);
            Collect(Sub->getArg(1), Id);
            return;
          }
        }
        if (const auto *C = dyn_cast_or_null<CallExpr>(E))
          Out[C] = Id;
      };
  for (const CXXOperatorCallExpr *Or : OrCalls)
    if (!Inner.count(Or))
      Collect(Or, "or@" + IdOf(Or));
  // Member and call selects: make_parallel_group(ops...).async_wait(
  // wait_for_one*, ...), race(a, b), ...
  for (const model::Select &S : Selects) {
    if (isa<CXXOperatorCallExpr>(S.Call) || S.cancelsOnFailureOnly() ||
        S.cancelsNothing())
      continue;
    for (const Expr *A : S.Operands)
      if (const auto *C = dyn_cast_or_null<CallExpr>(ast::unwrap(A)))
        Out[C] = S.idPrefix() + IdOf(S.Call);
  }
  return Out;
}

/// The calls that are operands of a concurrent combinator (the profiles'
/// select rows, whatever they cancel: asio '&&' and '||', parallel groups,
/// race, when_any, ...): each runs as its own task while the others run.
std::set<const CallExpr *> ChannelFactsCollector::concurrentOperands(
    const std::vector<model::Select> &Selects) const {
  std::set<const CallExpr *> Out;
  for (const model::Select &S : Selects) // nested operators are flattened
    for (const Expr *A : S.Operands)
      if (const auto *C = dyn_cast_or_null<CallExpr>(ast::unwrap(A)))
        if (!isa<CXXOperatorCallExpr>(C) || !M.operatorRow(C))
          Out.insert(C);
  return Out;
}

std::vector<EdgeArgFact>
ChannelFactsCollector::argsOf(const CallExpr *C,
                              const FunctionDecl *Callee) const {
  std::vector<EdgeArgFact> Args;
  if (!Callee)
    return Args;
  for (unsigned I = 0; I < Callee->getNumParams() && I < C->getNumArgs(); ++I) {
    const ParmVarDecl *P = Callee->getParamDecl(I);
    if (!M.holdsChannels(P->getType()))
      continue;
    Args.push_back({I, channelRef(C->getArg(I))});
  }
  return Args;
}

void ChannelFactsCollector::finish(ASTContext &Ctx, TUFacts &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  Out = TUFacts();
  Out.TU =
      toRegion(SourceRange(SM.getLocForStartOfFile(SM.getMainFileID())), SM)
          .File;

  std::set<const FunctionDecl *> Mentioned;

  // Every select of the TU, once: for the operations' select ids, the
  // operand tasks and the cancel-select facts.
  std::vector<model::Select> AllSelects = allSelects();
  std::map<const CallExpr *, std::string> Selects = selectsOf(Ctx, AllSelects);
  // Operations, with the other operations of their select.
  std::map<std::string, std::vector<const model::ChannelOp *>> BySelect;
  for (const OpAt &O : Ops) {
    auto It = Selects.find(O.Op.Call);
    if (It != Selects.end())
      BySelect[It->second].push_back(&O.Op);
  }
  for (const OpAt &O : Ops) {
    OperationFact J;
    J.Function = usrOf(O.In->getCanonicalDecl());
    J.Channel = channelRef(O.Op.Object);
    J.Type = typeFact(O.Op.Type);
    J.Direction = directionOf(O.Op.Dir);
    J.Blocking = O.Op.Blocking;
    J.Method = O.Op.Method;
    J.Loop = inLoop(O.Op.Call, Ctx);
    J.Loc = toRegion(O.Op.Call->getSourceRange(), SM);
    auto It = Selects.find(O.Op.Call);
    if (It != Selects.end()) {
      SelectFact Sel{It->second, {}}; // others sorted by canonicalize
      for (const model::ChannelOp *Other : BySelect[It->second])
        if (Other != &O.Op)
          Sel.Others.push_back(
              {channelRef(Other->Object), directionOf(Other->Dir),
               Other->Method});
      J.Select = std::move(Sel);
    }
    Out.Operations.push_back(std::move(J));
    Mentioned.insert(O.In);
  }

  // Spawns: co_spawn(executor, coro(args...) | lambda, token).
  std::set<const CallExpr *> SpawnedCalls;
  for (const CallAt &CA : Calls) {
    std::optional<model::SpawnCall> Spawn = M.spawn(CA.Call);
    if (!Spawn)
      continue;
    const Expr *What = ast::unwrap(Spawn->Task);
    const FunctionDecl *Callee = nullptr;
    std::vector<EdgeArgFact> Args;
    if (const auto *Inner = dyn_cast_or_null<CallExpr>(What)) {
      Callee = Inner->getDirectCallee();
      SpawnedCalls.insert(Inner);
      Args = argsOf(Inner, Callee);
    } else if (const auto *L = dyn_cast_or_null<LambdaExpr>(What)) {
      Callee = L->getCallOperator();
    }
    if (!Callee ||
        SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())) ||
        M.inLibrary(Callee))
      continue;
    Out.Edges.push_back({EdgeKind::Spawn, usrOf(CA.In->getCanonicalDecl()),
                         usrOf(Callee->getCanonicalDecl()),
                         ast::displayName(Callee), std::move(Args),
                         toRegion(CA.Call->getExprLoc(), SM)});
    Mentioned.insert(CA.In);
  }
  // Calls and awaits of user functions: the same task goes on in the callee,
  // except in an operand of a concurrent combinator, which is a task of its
  // own while the awaiting coroutine waits for the combinator.
  std::set<const CallExpr *> Operands = concurrentOperands(AllSelects);
  for (const CallAt &CA : Calls) {
    if (SpawnedCalls.count(CA.Call))
      continue;
    const FunctionDecl *Callee = CA.Call->getDirectCallee();
    // Library functions (system headers, the profiles' namespaces) are no
    // tasks: what they do is in the profiles' rows.
    if (!Callee || Callee->isDependentContext() || Callee->getBuiltinID() ||
        SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())) ||
        M.inLibrary(Callee))
      continue;
    if (isa<CXXMemberCallExpr>(CA.Call) &&
        M.channelOp(cast<CXXMemberCallExpr>(CA.Call)))
      continue;
    // An eager coroutine (Cobalt's promise) called and not awaited at once
    // runs alongside its caller: a task of its own, as an operand is.
    bool Eager = !Awaited.count(CA.Call) && M.eagerCoroutine(Callee);
    Out.Edges.push_back(
        {Operands.count(CA.Call) || Eager ? EdgeKind::Operand
         : Awaited.count(CA.Call)         ? EdgeKind::Await
                                          : EdgeKind::Call,
         usrOf(CA.In->getCanonicalDecl()), usrOf(Callee->getCanonicalDecl()),
         ast::displayName(Callee), argsOf(CA.Call, Callee),
         toRegion(CA.Call->getExprLoc(), SM)});
    Mentioned.insert(CA.In);
  }

  for (const FunctionDecl *FD : Mentioned)
    if (FD->isThisDeclarationADefinition())
      Functions.insert(FD);
  keepReachingFacts(Out, SM);
  for (const VarDecl *V : Vars)
    Out.Channels.push_back(channelVarFact(V, Ctx));
  for (const FieldDecl *F : Fields)
    Out.Channels.push_back(channelFieldFact(F, Ctx));
  if (CancelFacts)
    collectCancelFacts(TU, Ctx, AllSelects, DefsInOrder(),
                       [](const Decl *D) { return usrOf(D); }, Out);
  canonicalize(Out); // sorted in the facts order, without duplicates
}

/// Writes the function facts, and keeps the functions and edges that may
/// lead to a channel operation: the merge expands only those
/// (TaskGraph::build's ReachesChannel), so the rest of a TU (helpers,
/// parsers, logging: most of its functions) would be bytes that every
/// merge reads and drops. A function may lead to one when it has an
/// operation, or calls, awaits or spawns a function that may, or one whose
/// body is not in this TU (another TU may give it operations). Exact: the
/// merge's result is the same with all the facts.
void ChannelFactsCollector::keepReachingFacts(TUFacts &Out,
                                              const SourceManager &SM) const {
  std::set<std::string> Local; // functions whose every edge is here
  std::vector<std::pair<const FunctionDecl *, std::string>> Defs;
  for (const FunctionDecl *FD : Functions) {
    std::string Usr = usrOf(FD->getCanonicalDecl());
    Local.insert(Usr);
    Defs.push_back({FD, std::move(Usr)});
  }
  std::set<std::string> Reaches;
  std::vector<std::string> Work;
  auto Mark = [&](const std::string &Usr) {
    if (Reaches.insert(Usr).second)
      Work.push_back(Usr);
  };
  std::map<std::string, std::vector<const std::string *>> CallersOf;
  for (const OperationFact &O : Out.Operations)
    Mark(O.Function);
  for (const EdgeFact &E : Out.Edges) {
    if (!Local.count(E.Callee))
      Mark(E.Caller);
    CallersOf[E.Callee].push_back(&E.Caller);
  }
  while (!Work.empty()) {
    std::string Usr = std::move(Work.back());
    Work.pop_back();
    auto It = CallersOf.find(Usr);
    if (It != CallersOf.end())
      for (const std::string *C : It->second)
        Mark(*C);
  }
  for (const auto &[FD, Usr] : Defs)
    if (Reaches.count(Usr))
      Out.Functions.push_back(functionFact(FD, SM));
  Out.Edges.erase(std::remove_if(Out.Edges.begin(), Out.Edges.end(),
                                 [&](const EdgeFact &E) {
                                   return !Reaches.count(E.Caller) ||
                                          (Local.count(E.Callee) &&
                                           !Reaches.count(E.Callee));
                                 }),
                  Out.Edges.end());
}

/// Every select of the TU with its function: operator selects (the
/// outermost of nested operators), member and call selects.
std::vector<model::Select> ChannelFactsCollector::allSelects() const {
  std::vector<model::Select> Out;
  std::set<const Expr *> Nested;
  for (const CXXOperatorCallExpr *Op : Combinators)
    for (unsigned I = 0; I < 2; ++I)
      if (M.operatorRow(Op->getArg(I)))
        Nested.insert(ast::unwrap(Op->getArg(I)));
  for (const CXXOperatorCallExpr *Op : Combinators) {
    if (Nested.count(Op))
      continue;
    if (std::optional<model::Select> S = M.operatorSelect(Op)) {
      auto It = CombinatorIn.find(Op);
      S->InFunction = It == CombinatorIn.end() ? nullptr : It->second;
      Out.push_back(std::move(*S));
    }
  }
  for (const CallAt &CA : Calls) {
    std::optional<model::Select> S;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CA.Call))
      S = M.memberSelect(MC);
    else
      S = M.callSelect(CA.Call);
    if (S) {
      S->InFunction = CA.In;
      Out.push_back(std::move(*S));
    }
  }
  return Out;
}

std::vector<const FunctionDecl *> ChannelFactsCollector::DefsInOrder() const {
  std::vector<const FunctionDecl *> V(Functions.begin(), Functions.end());
  std::sort(V.begin(), V.end(),
            [](const FunctionDecl *A, const FunctionDecl *B) {
              return A->getBeginLoc().getRawEncoding() <
                     B->getBeginLoc().getRawEncoding();
            });
  return V;
}

} // namespace

std::unique_ptr<FactsCollector>
createFactsCollector(TUModel &Model, bool CancelFacts) {
  return std::make_unique<ChannelFactsCollector>(Model, CancelFacts);
}

} // namespace corosafe
