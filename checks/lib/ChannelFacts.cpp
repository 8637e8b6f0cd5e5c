//===- ChannelFacts.cpp - per-TU facts for the whole-program rules -------===//
//
// Collects the facts of one translation unit (schema: docs/facts.md):
// functions (coroutines are the tasks), channel objects with their capacity,
// channel operations, and call/await/spawn edges with the channel arguments
// bound to parameters. Everything is keyed by USR so that the merge can join
// the facts of several translation units.
//
//===----------------------------------------------------------------------===//
#include "model/AstUtil.h"
#include "model/TUModel.h"
#include "corosafe/Analysis.h"
#include "corosafe/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;
using nlohmann::json;

namespace corosafe {

FactsCollector::~FactsCollector() = default;

namespace {

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

json regionJson(SourceRange R, const SourceManager &SM) {
  RawFinding Raw;
  Raw.Range = R;
  SourceRegion Reg = toFinding(Raw, SM).Loc;
  return json{{"file", Reg.File},
              {"line", Reg.Line},
              {"column", Reg.Column},
              {"endLine", Reg.EndLine},
              {"endColumn", Reg.EndColumn}};
}

bool isCoroutine(const FunctionDecl *FD) {
  return FD && FD->hasBody() && isa<CoroutineBodyStmt>(FD->getBody());
}

/// The declaration that owns a parameter or a local (the function, or the
/// lambda's call operator).
const FunctionDecl *ownerFunction(const VarDecl *V) {
  return dyn_cast_or_null<FunctionDecl>(V->getDeclContext());
}

std::string channelKindName(const model::Capacity &C) {
  switch (C.K) {
  case model::Capacity::Constant:
    return "constant";
  case model::Capacity::Unbounded:
    return "unbounded";
  case model::Capacity::Unknown:
    return "unknown";
  }
  return "unknown";
}

json capacityJson(const model::Capacity &C) {
  json J{{"kind", channelKindName(C)}};
  if (C.K == model::Capacity::Constant)
    J["value"] = C.Value;
  if (C.K == model::Capacity::Unknown)
    J["reason"] = C.Reason;
  return J;
}

json typeJson(const model::ChannelType &T) {
  return json{{"name", T.Name}, {"origin", T.Origin}, {"bounded", T.Bounded}};
}

class ChannelFactsCollector : public FactsCollector,
                              public MatchFinder::MatchCallback {
public:
  explicit ChannelFactsCollector(TUModel &TU) : M(TU.coro()) {}

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
    Finder.addMatcher(callExpr(InUserCode, unless(cxxOperatorCallExpr()),
                               forCallable(functionDecl().bind("in")))
                          .bind("call"),
                      this);
    std::vector<std::string> Ops = M.selectOperatorNames();
    std::vector<StringRef> OpNames(Ops.begin(), Ops.end());
    if (!OpNames.empty())
      Finder.addMatcher(
          cxxOperatorCallExpr(InUserCode, hasAnyOverloadedOperatorName(OpNames))
              .bind("or"),
          this);
    Finder.addMatcher(coawaitExpr(InUserCode).bind("await"), this);
    Finder.addMatcher(varDecl(InUserCode, unless(parmVarDecl())).bind("var"),
                      this);
    Finder.addMatcher(fieldDecl(InUserCode).bind("field"), this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *FD = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      if (!FD->isDependentContext())
        Functions.insert(FD);
      return;
    }
    if (const auto *MC = R.Nodes.getNodeAs<CXXMemberCallExpr>("mcall")) {
      const auto *In = R.Nodes.getNodeAs<FunctionDecl>("in");
      if (In && !In->isDependentContext() && SeenOps.insert(MC).second)
        if (std::optional<model::ChannelOp> Op =
                M.channelOp(MC))
          Ops.push_back({*Op, In});
    }
    if (const auto *C = R.Nodes.getNodeAs<CallExpr>("call")) {
      const auto *In = R.Nodes.getNodeAs<FunctionDecl>("in");
      if (In && !In->isDependentContext() && SeenCalls.insert(C).second)
        Calls.push_back({C, In});
      return;
    }
    if (const auto *Or = R.Nodes.getNodeAs<CXXOperatorCallExpr>("or")) {
      const SelectRow *Row = M.operatorRow(Or);
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

  void finish(ASTContext &Ctx, json &Out) override;

private:
  struct OpAt {
    model::ChannelOp Op;
    const FunctionDecl *In;
  };
  struct CallAt {
    const CallExpr *Call;
    const FunctionDecl *In;
  };

  const model::CoroModel &M;
  std::set<const FunctionDecl *> Functions;
  std::vector<OpAt> Ops;
  std::vector<CallAt> Calls;
  std::vector<const CXXOperatorCallExpr *> OrCalls;
  std::set<const CallExpr *> Awaited;
  std::set<const CallExpr *> SeenOps, SeenCalls; // matched more than once
  std::vector<const VarDecl *> Vars;
  std::vector<const FieldDecl *> Fields;

  json refJson(const Expr *E, int Depth = 0) const;
  json functionJson(const FunctionDecl *FD, const SourceManager &SM) const;
  json channelVarJson(const VarDecl *V, ASTContext &Ctx) const;
  json channelFieldJson(const FieldDecl *F, ASTContext &Ctx) const;
  std::map<const CallExpr *, std::string> selectsOf(ASTContext &Ctx) const;
  json argsJson(const CallExpr *C, const FunctionDecl *Callee) const;
};

/// What a channel expression denotes. Members are known by their field
/// (every instance of a class shares one identity), parameters by their
/// function and position, variables by their USR.
json ChannelFactsCollector::refJson(const Expr *E, int Depth) const {
  E = ast::unwrap(E);
  if (!E || Depth > 8)
    return json{{"kind", "unknown"}};
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return refJson(UO->getSubExpr(), Depth + 1);
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return json{{"kind", "field"},
                  {"usr", usrOf(F)},
                  {"name", F->getQualifiedNameAsString()}};
    if (const auto *V = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return json{{"kind", "global"},
                  {"usr", usrOf(V)},
                  {"name", V->getQualifiedNameAsString()}};
    return json{{"kind", "unknown"}};
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return json{{"kind", "unknown"}};
    if (const auto *P = dyn_cast<ParmVarDecl>(V)) {
      const FunctionDecl *Owner = ownerFunction(P);
      if (!Owner)
        return json{{"kind", "unknown"}};
      return json{{"kind", "param"},
                  {"function", usrOf(Owner->getCanonicalDecl())},
                  {"index", P->getFunctionScopeIndex()},
                  {"name", P->getName().str()}};
    }
    // A reference bound to a channel: follow it to what it names.
    if (V->getType()->isReferenceType() && V->getInit() &&
        !V->hasGlobalStorage())
      return refJson(V->getInit(), Depth + 1);
    if (V->getType()->isPointerType() && V->getInit() && !V->hasGlobalStorage())
      return refJson(V->getInit(), Depth + 1);
    if (V->hasGlobalStorage())
      return json{{"kind", "global"},
                  {"usr", usrOf(V)},
                  {"name", V->getQualifiedNameAsString()}};
    return json{
        {"kind", "local"}, {"usr", usrOf(V)}, {"name", V->getName().str()}};
  }
  return json{{"kind", "unknown"}};
}

json ChannelFactsCollector::functionJson(const FunctionDecl *FD,
                                         const SourceManager &SM) const {
  json Params = json::array();
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    if (!M.holdsChannels(P->getType()))
      continue;
    Params.push_back(
        json{{"index", I},
             {"name", P->getName().str()},
             {"type", P->getType().getAsString()},
             {"channel",
              M.channelType(P->getType()) ? true : false}});
  }
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  bool Lambda = MD && MD->getParent()->isLambda();
  std::string Name = ast::displayName(FD);
  if (Name.empty() || Name.back() == ':')
    Name = FD->getQualifiedNameAsString();
  return json{{"usr", usrOf(FD->getCanonicalDecl())},
              {"name", Name},
              {"qualifiedName", enclosingName(FD)},
              {"coroutine", isCoroutine(FD)},
              {"lambda", Lambda},
              {"channelParams", Params},
              {"loc", regionJson(FD->getLocation(), SM)}};
}

json ChannelFactsCollector::channelVarJson(const VarDecl *V,
                                           ASTContext &Ctx) const {
  model::ChannelType T = *M.channelType(V->getType());
  json J{{"usr", usrOf(V)},
         {"kind", V->hasGlobalStorage() ? "global" : "local"},
         {"name", V->hasGlobalStorage() ? V->getQualifiedNameAsString()
                                        : V->getName().str()},
         {"type", typeJson(T)},
         {"loc", regionJson(V->getLocation(), Ctx.getSourceManager())}};
  if (V->isThisDeclarationADefinition() == VarDecl::DeclarationOnly)
    J["capacities"] = json::array(); // extern: seen where it is defined
  else
    J["capacities"] =
        json::array({capacityJson(M.capacityOf(V->getInit(), T, Ctx))});
  return J;
}

json ChannelFactsCollector::channelFieldJson(const FieldDecl *F,
                                             ASTContext &Ctx) const {
  model::ChannelType T = *M.channelType(F->getType());
  std::set<json> Caps;
  if (F->hasInClassInitializer() && F->getInClassInitializer())
    Caps.insert(
        capacityJson(M.capacityOf(F->getInClassInitializer(), T, Ctx)));
  if (const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent()))
    for (const CXXConstructorDecl *C : RD->ctors()) {
      const FunctionDecl *Def = nullptr;
      if (!C->hasBody(Def))
        continue;
      for (const CXXCtorInitializer *I : cast<CXXConstructorDecl>(Def)->inits())
        if (I->getMember() == F && I->isWritten())
          Caps.insert(capacityJson(M.capacityOf(I->getInit(), T, Ctx)));
    }
  if (!T.Bounded || !T.Row || T.Row->Capacity == "unknown")
    Caps = {capacityJson(M.capacityOf(nullptr, T, Ctx))};
  json J{{"usr", usrOf(F)},
         {"kind", "field"},
         {"name", F->getQualifiedNameAsString()},
         {"type", typeJson(T)},
         {"capacities", json(std::vector<json>(Caps.begin(), Caps.end()))},
         {"loc", regionJson(F->getLocation(), Ctx.getSourceManager())}};
  return J;
}

/// Finds the selects that cancel their losers (the profiles' select rows:
/// asio `||`, make_parallel_group with wait_for_one*) whose operands are
/// channel operations; returns an id per operation call.
std::map<const CallExpr *, std::string>
ChannelFactsCollector::selectsOf(ASTContext &Ctx) const {
  std::map<const CallExpr *, std::string> Out;
  const SourceManager &SM = Ctx.getSourceManager();
  auto IdOf = [&](const Expr *E) {
    json R = regionJson(E->getSourceRange(), SM);
    return R["file"].get<std::string>() + ":" +
           std::to_string(R["line"].get<unsigned>()) + ":" +
           std::to_string(R["column"].get<unsigned>());
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
  for (const CallAt &CA : Calls) {
    std::optional<model::Select> S;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CA.Call))
      S = M.memberSelect(MC);
    else
      S = M.callSelect(CA.Call);
    if (!S || S->cancelsOnFailureOnly())
      continue;
    for (const Expr *A : S->Operands)
      if (const auto *C = dyn_cast_or_null<CallExpr>(ast::unwrap(A)))
        Out[C] = S->idPrefix() + IdOf(CA.Call);
  }
  return Out;
}

json ChannelFactsCollector::argsJson(const CallExpr *C,
                                     const FunctionDecl *Callee) const {
  json Args = json::array();
  if (!Callee)
    return Args;
  for (unsigned I = 0; I < Callee->getNumParams() && I < C->getNumArgs(); ++I) {
    const ParmVarDecl *P = Callee->getParamDecl(I);
    if (!M.holdsChannels(P->getType()))
      continue;
    Args.push_back(json{{"param", I}, {"ref", refJson(C->getArg(I))}});
  }
  return Args;
}

void ChannelFactsCollector::finish(ASTContext &Ctx, json &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  Out = json::object();
  Out["schemaVersion"] = FactsSchemaVersion;
  {
    RawFinding Raw;
    Raw.Range = SourceRange(SM.getLocForStartOfFile(SM.getMainFileID()));
    Out["tu"] = toFinding(Raw, SM).Loc.File;
  }

  std::set<json> FunctionsJ, ChannelsJ, OpsJ, EdgesJ;
  std::set<const FunctionDecl *> Mentioned;

  std::map<const CallExpr *, std::string> Selects = selectsOf(Ctx);
  // Operations, with the other operations of their select.
  std::map<std::string, std::vector<const model::ChannelOp *>> BySelect;
  for (const OpAt &O : Ops) {
    auto It = Selects.find(O.Op.Call);
    if (It != Selects.end())
      BySelect[It->second].push_back(&O.Op);
  }
  for (const OpAt &O : Ops) {
    json J{{"function", usrOf(O.In->getCanonicalDecl())},
           {"channel", refJson(O.Op.Object)},
           {"type", typeJson(O.Op.Type)},
           {"direction",
            O.Op.Dir == model::Direction::Send ? "send" : "receive"},
           {"blocking", O.Op.Blocking},
           {"method", O.Op.Method},
           {"loc", regionJson(O.Op.Call->getSourceRange(), SM)}};
    auto It = Selects.find(O.Op.Call);
    if (It != Selects.end()) {
      json Others = json::array();
      for (const model::ChannelOp *Other : BySelect[It->second])
        if (Other != &O.Op)
          Others.push_back(json{
              {"channel", refJson(Other->Object)},
              {"direction",
               Other->Dir == model::Direction::Send ? "send" : "receive"},
              {"method", Other->Method}});
      std::sort(Others.begin(), Others.end());
      J["select"] = json{{"id", It->second}, {"others", Others}};
    }
    OpsJ.insert(std::move(J));
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
    json Args = json::array();
    if (const auto *Inner = dyn_cast_or_null<CallExpr>(What)) {
      Callee = Inner->getDirectCallee();
      SpawnedCalls.insert(Inner);
      Args = argsJson(Inner, Callee);
    } else if (const auto *L = dyn_cast_or_null<LambdaExpr>(What)) {
      Callee = L->getCallOperator();
    }
    if (!Callee ||
        SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
      continue;
    EdgesJ.insert(json{{"kind", "spawn"},
                       {"caller", usrOf(CA.In->getCanonicalDecl())},
                       {"callee", usrOf(Callee->getCanonicalDecl())},
                       {"calleeName", ast::displayName(Callee)},
                       {"args", Args},
                       {"loc", regionJson(CA.Call->getExprLoc(), SM)}});
    Mentioned.insert(CA.In);
  }
  // Calls and awaits of user functions: the same task goes on in the callee.
  for (const CallAt &CA : Calls) {
    if (SpawnedCalls.count(CA.Call))
      continue;
    const FunctionDecl *Callee = CA.Call->getDirectCallee();
    if (!Callee || Callee->isDependentContext() || Callee->getBuiltinID() ||
        SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
      continue;
    if (isa<CXXMemberCallExpr>(CA.Call) &&
        M.channelOp(cast<CXXMemberCallExpr>(CA.Call)))
      continue;
    EdgesJ.insert(json{{"kind", Awaited.count(CA.Call) ? "await" : "call"},
                       {"caller", usrOf(CA.In->getCanonicalDecl())},
                       {"callee", usrOf(Callee->getCanonicalDecl())},
                       {"calleeName", ast::displayName(Callee)},
                       {"args", argsJson(CA.Call, Callee)},
                       {"loc", regionJson(CA.Call->getExprLoc(), SM)}});
    Mentioned.insert(CA.In);
  }

  for (const FunctionDecl *FD : Mentioned)
    if (FD->isThisDeclarationADefinition())
      Functions.insert(FD);
  for (const FunctionDecl *FD : Functions)
    FunctionsJ.insert(functionJson(FD, SM));
  for (const VarDecl *V : Vars)
    ChannelsJ.insert(channelVarJson(V, Ctx));
  for (const FieldDecl *F : Fields)
    ChannelsJ.insert(channelFieldJson(F, Ctx));

  auto ToArray = [](std::set<json> &S) {
    return json(std::vector<json>(S.begin(), S.end()));
  };
  Out["functions"] = ToArray(FunctionsJ);
  Out["channels"] = ToArray(ChannelsJ);
  Out["operations"] = ToArray(OpsJ);
  Out["edges"] = ToArray(EdgesJ);
}

} // namespace

std::unique_ptr<FactsCollector> createFactsCollector(TUModel &Model) {
  return std::make_unique<ChannelFactsCollector>(Model);
}

} // namespace corosafe
