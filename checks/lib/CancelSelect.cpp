//===- CancelSelect.cpp - corosafe-cancel-select -------------------------===//
//
// A select (asio awaitable operator '||', parallel_group with wait_for_one*)
// races operations and destroys the losers at their current suspension
// point. Reported:
//  1. data a losing coroutine operand took and still holds at a later
//     suspension point (followed through awaited coroutines);
//  2. a data-producing operand of '||', whose completed value asio drops when
//     the other operand completes in the same turn;
//  3. a composed operation (async_read, async_write, ...) as an operand of
//     any select: cancelled mid-way it leaves the stream partially consumed
//     or written;
//  4. an operand of a parallel group whose data result the code ignores.
// Operands of '&&' (which cancels the others when one fails) are reported at
// level note by default (option AndOperator: note | warning | off).
//
//===----------------------------------------------------------------------===//
#include "AsioModel.h"
#include "CoroutineSummary.h"
#include "RuleSupport.h"

#include "corosafe/Analysis.h"
#include "corosafe/Rules.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace corosafe {
namespace {

constexpr std::string_view RuleId = "corosafe-cancel-select";

enum class SelectKind { Or, And, Group };

struct Select {
  const Expr *Call = nullptr;       // the operator call or async_wait call
  SourceLocation OpLoc;             // where to point the select note
  SelectKind Kind = SelectKind::Or;
  std::vector<const Expr *> Operands;
  const FunctionDecl *InFunction = nullptr;
  std::string GroupWait;            // wait_for_one, wait_for_one_success, ...
};

std::string quote(const std::string &S) { return "'" + S + "'"; }

class CancelSelectRule : public Rule, public MatchFinder::MatchCallback {
public:
  explicit CancelSelectRule(const OptionLookup &Opt) {
    if (auto V = Opt("AndOperator")) {
      if (*V == "off")
        AndLevel.reset();
      else if (auto L = parseLevel(*V))
        AndLevel = *L;
    }
    if (auto V = Opt("MaxDepth")) {
      try {
        MaxDepth = std::max(0, std::stoi(*V));
      } catch (...) {
      }
    }
  }

  std::string_view id() const override { return RuleId; }

  std::vector<std::pair<std::string, std::string>> options() const override {
    return {{"AndOperator",
             AndLevel ? std::string(levelName(*AndLevel)) : "off"},
            {"MaxDepth", std::to_string(MaxDepth)}};
  }

  void registerMatchers(MatchFinder &Finder) override {
    auto InUserCode = unless(isExpansionInSystemHeader());
    Finder.addMatcher(
        cxxOperatorCallExpr(hasAnyOverloadedOperatorName("||", "&&"),
                            InUserCode,
                            optionally(forFunction(functionDecl().bind("fn"))))
            .bind("op"),
        this);
    Finder.addMatcher(
        cxxMemberCallExpr(callee(cxxMethodDecl(hasName("async_wait"))),
                          InUserCode,
                          optionally(forFunction(functionDecl().bind("fn"))))
            .bind("group"),
        this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (const auto *Op = R.Nodes.getNodeAs<CXXOperatorCallExpr>("op")) {
      const FunctionDecl *Callee = Op->getDirectCallee();
      if (!asio::isInAsio(Callee, {"experimental", "awaitable_operators"},
                          /*Exact=*/true) ||
          Op->getNumArgs() != 2)
        return;
      OperatorCalls.push_back({Op, Fn});
      return;
    }
    if (const auto *MC = R.Nodes.getNodeAs<CXXMemberCallExpr>("group"))
      addGroup(MC, Fn, *R.Context);
  }

  void finish(ASTContext &Ctx, std::vector<RawFinding> &Out) override;

private:
  std::optional<Level> AndLevel = Level::Note;
  int MaxDepth = 4;
  std::vector<std::pair<const CXXOperatorCallExpr *, const FunctionDecl *>>
      OperatorCalls;
  std::vector<Select> Groups;

  void addGroup(const CXXMemberCallExpr *MC, const FunctionDecl *Fn,
                ASTContext &Ctx);
  std::vector<Select> buildOperatorSelects();
  void analyze(const Select &S, ASTContext &Ctx, SummaryCache &Cache,
               std::vector<RawFinding> &Out);
  void analyzeGroupResults(const Select &S, ASTContext &Ctx,
                           SummaryCache &Cache, std::vector<RawFinding> &Out);
  std::optional<Level> levelFor(SelectKind K) const {
    if (K == SelectKind::And)
      return AndLevel;
    return Level::Warning;
  }
};

// --- recognizing selects ------------------------------------------------------

const CXXOperatorCallExpr *asAwaitableOperator(const Expr *E) {
  const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(asio::unwrap(E));
  if (!OC || OC->getNumArgs() != 2)
    return nullptr;
  if (OC->getOperator() != OO_PipePipe && OC->getOperator() != OO_AmpAmp)
    return nullptr;
  if (!asio::isInAsio(OC->getDirectCallee(),
                      {"experimental", "awaitable_operators"}, true))
    return nullptr;
  return OC;
}

void flatten(const Expr *E, bool &AnyOr, std::vector<const Expr *> &Leaves,
             std::set<const Expr *> &Inner) {
  if (const auto *OC = asAwaitableOperator(E)) {
    Inner.insert(OC);
    if (OC->getOperator() == OO_PipePipe)
      AnyOr = true;
    flatten(OC->getArg(0), AnyOr, Leaves, Inner);
    flatten(OC->getArg(1), AnyOr, Leaves, Inner);
    return;
  }
  Leaves.push_back(E);
}

std::vector<Select> CancelSelectRule::buildOperatorSelects() {
  std::set<const Expr *> Nested;
  for (auto &[OC, Fn] : OperatorCalls)
    for (unsigned I = 0; I < 2; ++I)
      if (const auto *Inner = asAwaitableOperator(OC->getArg(I)))
        Nested.insert(Inner);
  std::vector<Select> Result;
  for (auto &[OC, Fn] : OperatorCalls) {
    if (Nested.count(OC))
      continue;
    Select S;
    S.Call = OC;
    S.OpLoc = OC->getOperatorLoc();
    S.InFunction = Fn;
    bool AnyOr = OC->getOperator() == OO_PipePipe;
    std::set<const Expr *> Inner;
    flatten(OC->getArg(0), AnyOr, S.Operands, Inner);
    flatten(OC->getArg(1), AnyOr, S.Operands, Inner);
    S.Kind = AnyOr ? SelectKind::Or : SelectKind::And;
    Result.push_back(std::move(S));
  }
  return Result;
}

const CallExpr *makeParallelGroupCall(const Expr *E, int Depth = 0) {
  E = asio::unwrap(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (V && V->getInit() && Depth < 2)
      return makeParallelGroupCall(V->getInit(), Depth + 1);
    return nullptr;
  }
  const auto *C = dyn_cast_or_null<CallExpr>(E);
  if (!C)
    return nullptr;
  const FunctionDecl *FD = C->getDirectCallee();
  if (FD && FD->getIdentifier() && FD->getName() == "make_parallel_group" &&
      asio::isInAsio(FD, {"experimental"}))
    return C;
  return nullptr;
}

void CancelSelectRule::addGroup(const CXXMemberCallExpr *MC,
                                const FunctionDecl *Fn, ASTContext &Ctx) {
  const CXXRecordDecl *RD = MC->getMethodDecl()->getParent();
  if (!RD || !RD->getIdentifier() || RD->getName() != "parallel_group" ||
      !asio::isInAsio(RD, {"experimental"}, true) || MC->getNumArgs() < 1)
    return;
  QualType CondT = asio::unwrap(MC->getArg(0))->getType();
  const auto *CondRD = CondT->getAsCXXRecordDecl();
  if (!CondRD || !CondRD->getIdentifier() ||
      !asio::isInAsio(CondRD, {"experimental"}))
    return;
  StringRef Cond = CondRD->getName();
  if (Cond != "wait_for_one" && Cond != "wait_for_one_success" &&
      Cond != "wait_for_one_error")
    return; // wait_for_all cancels nothing
  Select S;
  S.Call = MC;
  S.Kind = SelectKind::Group;
  S.GroupWait = Cond.str();
  S.InFunction = Fn;
  S.OpLoc = MC->getExprLoc();
  if (const CallExpr *Make =
          makeParallelGroupCall(MC->getImplicitObjectArgument()))
    for (const Expr *A : Make->arguments())
      S.Operands.push_back(A);
  Groups.push_back(std::move(S));
}

/// For a parallel-group operand written as a lambda `[&](auto t) { return
/// op(..., t); }`, the operation it returns (from an instantiation).
const Expr *lambdaReturnedOp(const LambdaExpr *L) {
  const CXXRecordDecl *Cls = L->getLambdaClass();
  auto ReturnOf = [](const FunctionDecl *FD) -> const Expr * {
    if (!FD || !FD->hasBody())
      return nullptr;
    const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
    if (!Body)
      return nullptr;
    for (const Stmt *S : Body->body())
      if (const auto *R = dyn_cast<ReturnStmt>(S))
        return R->getRetValue();
    return nullptr;
  };
  if (const FunctionTemplateDecl *T = Cls->getDependentLambdaCallOperator()) {
    for (const FunctionDecl *Spec : T->specializations())
      if (const Expr *E = ReturnOf(Spec))
        return E;
    return nullptr;
  }
  return ReturnOf(Cls->getLambdaCallOperator());
}

/// The number of values an operation completes with, from its completion
/// signature: deferred operations carry it as a template argument, lambdas
/// through asio's completion_signature_probe instantiation.
std::optional<unsigned> completionArity(const Expr *Operand) {
  auto FromSpecialization = [](QualType T) -> std::optional<unsigned> {
    T = T.getNonReferenceType().getCanonicalType();
    const auto *Spec =
        dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl());
    if (!Spec)
      return std::nullopt;
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
      if (A.getKind() != TemplateArgument::Type)
        continue;
      if (const auto *FPT = A.getAsType()->getAs<FunctionProtoType>())
        return FPT->getNumParams();
    }
    return std::nullopt;
  };
  const Expr *E = asio::unwrap(Operand);
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    const CXXRecordDecl *Cls = L->getLambdaClass();
    if (const FunctionTemplateDecl *T = Cls->getDependentLambdaCallOperator())
      for (const FunctionDecl *Spec : T->specializations())
        if (auto N = FromSpecialization(Spec->getReturnType()))
          return N;
    return std::nullopt;
  }
  return FromSpecialization(E->getType());
}

/// What an operand of a select is, once looked through.
struct OperandInfo {
  const clang::Expr *Expr = nullptr; // where to report
  std::optional<asio::AsyncOp> Op;
  const FunctionDecl *Coroutine = nullptr;
  const CallExpr *CoroutineCall = nullptr;
};

OperandInfo inspectOperand(const Expr *E) {
  OperandInfo I;
  I.Expr = E;
  const Expr *U = asio::unwrap(E);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(U)) {
    if (const Expr *R = lambdaReturnedOp(L))
      U = asio::unwrap(R);
  }
  if (auto Op = asio::classifyAsyncOp(U)) {
    I.Op = Op;
    I.Expr = U;
    return I;
  }
  if (const FunctionDecl *C = asio::calledCoroutine(U, &I.CoroutineCall)) {
    I.Coroutine = C;
    return I;
  }
  return I;
}

std::string selectNote(const Select &S, const std::string &Operand) {
  switch (S.Kind) {
  case SelectKind::Or:
    return Operand + " is an operand of this select ('||'); the operand that "
                     "loses is cancelled at its current suspension point";
  case SelectKind::And:
    return Operand + " is an operand of this '&&', which cancels the other "
                     "operands at their current suspension point when one "
                     "fails";
  case SelectKind::Group:
    return Operand + " is an operand of this parallel group with " +
           S.GroupWait +
           "; the operations that do not win are cancelled at their current "
           "suspension point";
  }
  return "";
}

std::string dataNoun(asio::OpKind K) {
  switch (K) {
  case asio::OpKind::ReceiveValue:
    return "message received";
  case asio::OpKind::ReadInto:
  case asio::OpKind::ComposedRead:
    return "bytes read";
  case asio::OpKind::Accept:
    return "connection accepted";
  default:
    return "result";
  }
}

bool pluralNoun(asio::OpKind K) {
  return K == asio::OpKind::ReadInto || K == asio::OpKind::ComposedRead;
}

std::string helpNote(std::string_view Fix) {
  const RuleInfo *R = findRule(RuleId);
  return "fix: " + std::string(Fix) + "; see " + (R ? ruleHelpUri(*R) : "");
}

// --- the analysis ---------------------------------------------------------------

struct HazardKey {
  const CoroutineSuspendExpr *Suspend;
  const CoroutineSuspendExpr *Take;
  const ValueDecl *Var;
  bool operator<(const HazardKey &O) const {
    return std::tie(Suspend, Take, Var) < std::tie(O.Suspend, O.Take, O.Var);
  }
};

struct HazardReport {
  Hazard H;
  const FunctionDecl *Coroutine = nullptr; // whose body holds the data
  std::vector<RawNote> Chain;              // awaits from the operand down
  const Select *Sel = nullptr;
  std::string OperandName;
  SourceRange OperandRange;
  std::optional<Level> Lvl;
};

void collectHazards(const FunctionDecl *Coro, SummaryCache &Cache,
                    int DepthLeft, std::vector<RawNote> &Chain,
                    std::set<const FunctionDecl *> &OnPath,
                    const std::function<void(const Hazard &,
                                             const FunctionDecl *,
                                             const std::vector<RawNote> &)> &F) {
  if (!OnPath.insert(Coro).second)
    return;
  const CoroutineSummary &S = Cache.get(Coro);
  for (const Hazard &H : S.Hazards)
    F(H, Coro, Chain);
  if (DepthLeft > 0) {
    for (const AwaitedCall &A : S.Awaits) {
      Chain.push_back(
          {A.At->getSourceRange(),
           quote(asio::displayName(Coro)) + " awaits " +
               quote(asio::displayName(A.Callee)) +
               " here, so cancelling it cancels " +
               quote(asio::displayName(A.Callee)) + " at its suspension point"});
      collectHazards(A.Callee, Cache, DepthLeft - 1, Chain, OnPath, F);
      Chain.pop_back();
    }
  }
  OnPath.erase(Coro);
}

void CancelSelectRule::analyze(const Select &S, ASTContext &Ctx,
                               SummaryCache &Cache,
                               std::vector<RawFinding> &Out) {
  std::optional<Level> Lvl = levelFor(S.Kind);
  if (!Lvl)
    return;
  for (const Expr *OperandExpr : S.Operands) {
    OperandInfo OI = inspectOperand(OperandExpr);
    SourceRange OpRange = OI.Expr->getSourceRange();

    // 3. composed operations in any select.
    if (OI.Op && OI.Op->composed()) {
      bool Read = OI.Op->Kind == asio::OpKind::ComposedRead;
      RawFinding F;
      F.RuleId = std::string(RuleId);
      F.Lvl = *Lvl;
      F.Range = OpRange;
      F.MessageKey = Read ? "composed-read" : "composed-write";
      F.Message =
          quote(OI.Op->Name) +
          " is a composed operation that makes partial progress: if the " +
          (S.Kind == SelectKind::And ? "'&&'" : "select") +
          " cancels it before it finishes, " +
          (Read ? "the bytes it has already consumed from the stream are lost"
                : "the stream is left partially written");
      F.Notes.push_back({SourceRange(S.OpLoc), selectNote(S, quote(OI.Op->Name))});
      F.Help = (helpNote("run the composed operation in its own task (fed "
                             "by a channel) or outside the select, and race "
                             "only operations that make no partial progress"));
      F.Enclosing = S.InFunction;
      Out.push_back(std::move(F));
      continue;
    }

    // 2. lossy '||' / '&&': a completed operand's value is dropped.
    if (S.Kind != SelectKind::Group) {
      std::string What;
      bool Plural = false;
      if (OI.Op && OI.Op->producesData()) {
        What = "the " + dataNoun(OI.Op->Kind) + " by " + quote(OI.Op->Name);
        Plural = pluralNoun(OI.Op->Kind);
      } else if (OI.Coroutine && Cache.get(OI.Coroutine).ReturnsTaken)
        What = "the value returned by " +
               quote(asio::displayName(OI.Coroutine)) + " (taken by " +
               quote(Cache.get(OI.Coroutine).ReturnsSource) + ")";
      if (!What.empty()) {
        RawFinding F;
        F.RuleId = std::string(RuleId);
        F.Lvl = *Lvl;
        F.Range = OpRange;
        if (S.Kind == SelectKind::Or) {
          F.MessageKey = "lossy-or";
          F.Message = What + (Plural ? " are" : " is") +
                      " lost if both operands of '||' complete in the same "
                      "turn, because asio's '||' returns only the first "
                      "completion";
        } else {
          F.MessageKey = "lossy-and";
          F.Message = What + (Plural ? " are" : " is") +
                      " lost if another operand of '&&' fails after it "
                      "completed, because '&&' then returns only the error";
        }
        F.Notes.push_back({SourceRange(S.OpLoc), "select formed here"});
        F.Help = S.Kind == SelectKind::Or
                     ? helpNote("use make_parallel_group(...).async_wait("
                                "wait_for_one(), ...) and handle every "
                                "operand's result, or receive in a dedicated "
                                "task that forwards through a channel")
                     : helpNote("use make_parallel_group(...).async_wait("
                                "wait_for_all(), ...), which returns every "
                                "operand's result even when one fails");
        F.Enclosing = S.InFunction;
        Out.push_back(std::move(F));
      }
    }

    // 1. data held across a suspension point in a losing coroutine.
    if (OI.Coroutine) {
      std::vector<RawNote> Chain;
      std::set<const FunctionDecl *> OnPath;
      std::string OpName = asio::displayName(OI.Coroutine);
      collectHazards(
          OI.Coroutine, Cache, MaxDepth, Chain, OnPath,
          [&](const Hazard &H, const FunctionDecl *Holder,
              const std::vector<RawNote> &Ch) {
            RawFinding F;
            F.RuleId = std::string(RuleId);
            F.Lvl = *Lvl;
            F.Range = H.Suspend->getSourceRange();
            F.Range.setEnd(H.Suspend->getBeginLoc());
            std::string Var = H.T.Var ? H.T.Var->getNameAsString() : "";
            if (H.Temporary) {
              F.MessageKey = "held-temporary";
              F.Message = "the value taken by " + quote(H.T.Source) +
                          " is held in a temporary across this suspension "
                          "point, where a losing select operand is cancelled "
                          "and the value is lost";
            } else if (H.T.IntoBuffer) {
              F.MessageKey = "held-buffer";
              F.Message = "bytes read into " + quote(Var) + " by " +
                          quote(H.T.Source) +
                          " are held across this suspension point, where a "
                          "losing select operand is cancelled and the data "
                          "is lost";
            } else {
              F.MessageKey = "held-value";
              F.Message = "the value taken into " + quote(Var) + " by " +
                          quote(H.T.Source) +
                          " is held across this suspension point, where a "
                          "losing select operand is cancelled and the value "
                          "is lost";
            }
            SourceRange TakeRange = H.T.At->getSourceRange();
            F.Notes.push_back(
                {TakeRange, H.Temporary ? std::string("value taken here")
                            : H.T.IntoBuffer
                                ? "bytes are read into " + quote(Var) + " here"
                                : quote(Var) + " takes the value here"});
            for (const RawNote &N : Ch)
              F.Notes.push_back(N);
            F.Notes.push_back({SourceRange(S.OpLoc),
                               selectNote(S, quote(OpName))});
            F.Help = (helpNote("deliver the data (store it outside the coroutine "
                          "frame) before suspending, keep no taken data in "
                          "locals across the suspension, or move this loop "
                          "into a spawned task fed by a channel"));
            F.Enclosing = Holder;
            Out.push_back(std::move(F));
          });
    }
  }
  if (S.Kind == SelectKind::Group)
    analyzeGroupResults(S, Ctx, Cache, Out);
}

/// The variables a parallel group's results are bound to: one entry per
/// completion value (the first is the completion order). Null entries for
/// values that are discarded outright.
struct GroupResults {
  bool Known = false;
  bool AllDiscarded = false;
  std::vector<const ValueDecl *> Bindings;
  SourceRange Where;
};

GroupResults groupResults(const Select &S, ASTContext &Ctx) {
  GroupResults R;
  const auto *MC = cast<CXXMemberCallExpr>(S.Call);
  // A completion handler lambda: its parameters are the results.
  if (MC->getNumArgs() >= 2) {
    if (const auto *L = dyn_cast<LambdaExpr>(asio::unwrap(MC->getArg(1)))) {
      const CXXMethodDecl *CallOp = L->getCallOperator();
      R.Known = true;
      R.Where = L->getSourceRange();
      for (const ParmVarDecl *P : CallOp->parameters())
        R.Bindings.push_back(P);
      return R;
    }
  }
  // co_await group.async_wait(..., use_awaitable)
  DynTypedNode N = DynTypedNode::create(*static_cast<const Expr *>(MC));
  const CoawaitExpr *Await = nullptr;
  for (int Depth = 0; Depth < 8; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      break;
    N = Parents[0];
    if (const auto *A = N.get<CoawaitExpr>()) {
      Await = A;
      break;
    }
    if (!N.get<Expr>())
      break;
  }
  if (!Await)
    return R;
  // Climb from the co_await through wrappers to what uses its value.
  N = DynTypedNode::create(*static_cast<const Expr *>(Await));
  for (int Depth = 0; Depth < 8; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return R;
    N = Parents[0];
    const Expr *E = N.get<Expr>();
    if (E && (isa<ImplicitCastExpr>(E) || isa<ExprWithCleanups>(E) ||
              isa<MaterializeTemporaryExpr>(E) ||
              isa<CXXBindTemporaryExpr>(E) || isa<ParenExpr>(E) ||
              isa<CXXConstructExpr>(E)))
      continue;
    break;
  }
  R.Where = SourceRange(Await->getBeginLoc());
  if (N.get<CompoundStmt>() ||
      (N.get<CStyleCastExpr>() &&
       N.get<CStyleCastExpr>()->getType()->isVoidType()) ||
      (N.get<CXXStaticCastExpr>() &&
       N.get<CXXStaticCastExpr>()->getType()->isVoidType())) {
    R.Known = true;
    R.AllDiscarded = true;
    return R;
  }
  if (const auto *DD = N.get<DecompositionDecl>()) {
    R.Known = true;
    for (const BindingDecl *B : DD->bindings())
      R.Bindings.push_back(B);
    return R;
  }
  return R; // stored in a tuple or passed on: assume handled
}

void CancelSelectRule::analyzeGroupResults(const Select &S, ASTContext &Ctx,
                                           SummaryCache &Cache,
                                           std::vector<RawFinding> &Out) {
  GroupResults GR = groupResults(S, Ctx);
  if (!GR.Known)
    return;
  // Split the flat list of results per operand.
  std::vector<std::optional<unsigned>> Arity;
  unsigned Known = 0, Unknown = 0;
  for (const Expr *E : S.Operands) {
    Arity.push_back(completionArity(E));
    if (Arity.back())
      Known += *Arity.back();
    else
      ++Unknown;
  }
  if (!GR.AllDiscarded) {
    if (GR.Bindings.empty())
      return;
    unsigned Total = GR.Bindings.size() - 1; // minus the order
    if (Unknown == 1 && Total >= Known) {
      for (auto &A : Arity)
        if (!A)
          A = Total - Known;
    } else if (Unknown > 0 || Total != Known) {
      return; // cannot tell which result is whose: stay silent
    }
  }
  unsigned Next = 1;
  for (size_t I = 0; I < S.Operands.size(); ++I) {
    unsigned N = Arity[I].value_or(0);
    unsigned First = Next;
    Next += N;
    OperandInfo OI = inspectOperand(S.Operands[I]);
    if (OI.Op && OI.Op->composed())
      continue; // already reported
    std::string What;
    bool Plural = false;
    if (OI.Op && OI.Op->producesData()) {
      What = "the " + dataNoun(OI.Op->Kind) + " by " + quote(OI.Op->Name);
      Plural = pluralNoun(OI.Op->Kind);
    } else if (OI.Coroutine && Cache.get(OI.Coroutine).ReturnsTaken)
      What = "the value returned by " + quote(asio::displayName(OI.Coroutine));
    if (What.empty())
      continue;
    const ValueDecl *Ignored = nullptr;
    bool AnyData = false, AnyUsed = false;
    if (!GR.AllDiscarded) {
      for (unsigned J = First; J < First + N && J < GR.Bindings.size(); ++J) {
        const ValueDecl *B = GR.Bindings[J];
        if (asio::isErrorLikeType(B->getType()))
          continue;
        AnyData = true;
        if (B->isReferenced())
          AnyUsed = true;
        else if (!Ignored)
          Ignored = B;
      }
      if (!AnyData || AnyUsed)
        continue;
    }
    RawFinding F;
    F.RuleId = std::string(RuleId);
    F.Lvl = Level::Warning;
    F.Range = OI.Expr->getSourceRange();
    F.MessageKey = "group-result-ignored";
    F.Message = What + (Plural ? " are" : " is") +
                " ignored: when this operation completes but another one "
                "wins the parallel group, the data it took is lost";
    if (Ignored)
      F.Notes.push_back({Ignored->getSourceRange(),
                         "its result is bound to " +
                             quote(Ignored->getNameAsString()) +
                             ", which is never used"});
    else
      F.Notes.push_back({GR.Where, "the results of the group are discarded here"});
    F.Notes.push_back(
        {SourceRange(S.OpLoc),
         selectNote(S, quote(OI.Op ? OI.Op->Name
                                   : asio::displayName(OI.Coroutine)))});
    F.Help = (helpNote("handle the result of every operand, also when "
                           "another operand won (the completion order tells "
                           "which completed)"));
    F.Enclosing = S.InFunction;
    Out.push_back(std::move(F));
  }
}

void CancelSelectRule::finish(ASTContext &Ctx, std::vector<RawFinding> &Out) {
  SummaryCache Cache(Ctx);
  std::vector<Select> All = buildOperatorSelects();
  for (Select &G : Groups)
    All.push_back(G);
  std::vector<RawFinding> Local;
  for (const Select &S : All)
    analyze(S, Ctx, Cache, Local);

  // One finding per primary location and message: a hazard reached from
  // several selects is reported once, at the strongest level, noting the
  // first select.
  std::map<std::pair<unsigned, std::string>, size_t> Seen;
  const SourceManager &SM = Ctx.getSourceManager();
  for (RawFinding &F : Local) {
    auto Key = std::make_pair(
        SM.getExpansionLoc(F.Range.getBegin()).getRawEncoding(), F.Message);
    auto [It, New] = Seen.try_emplace(Key, Out.size());
    if (New) {
      Out.push_back(std::move(F));
    } else if (F.Lvl > Out[It->second].Lvl) {
      Out[It->second].Lvl = F.Lvl;
    }
  }
  OperatorCalls.clear();
  Groups.clear();
}

} // namespace

std::unique_ptr<Rule> createCancelSelectRule(const OptionLookup &Opt) {
  return std::make_unique<CancelSelectRule>(Opt);
}

} // namespace corosafe
