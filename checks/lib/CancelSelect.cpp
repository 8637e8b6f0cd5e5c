//===- CancelSelect.cpp - corosafe-cancel-select -------------------------===//
//
// A select (a profile's select rows: asio's awaitable operator '||',
// parallel_group with wait_for_one*, ...) races operations and destroys the
// losers at their current suspension point. Reported:
//  1. data a losing coroutine operand took and still holds at a later
//     suspension point (followed through awaited coroutines);
//  2. a data-producing operand of a select that returns only the first
//     completion (asio '||'): a value completed in the same turn is dropped;
//  3. an operation that makes partial progress (asio async_read,
//     async_write, ...) as an operand of any select: cancelled mid-way it
//     leaves the stream partially consumed or written;
//  4. an operand of a select that returns every result (parallel group)
//     whose data result the code ignores.
// Operands of a select that cancels only when one fails (asio '&&') are
// reported at level note by default (option AndOperator: note | warning |
// off).
//
//===----------------------------------------------------------------------===//
#include "CoroutineSummary.h"
#include "RuleSupport.h"
#include "model/AstUtil.h"
#include "model/TUModel.h"

#include "corosafe/Analysis.h"
#include "corosafe/CancelText.h"
#include "corosafe/FactsSchema.h"
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

using model::Select;
using ast::quote;

/// Methods that close, cancel or destroy what a session used (option
/// TeardownMethods).
const std::vector<std::string> DefaultTeardown = {
    "close",  "async_close", "shutdown", "async_shutdown", "cancel",
    "reset",  "release",     "stop",     "destroy",        "disconnect"};

class CancelSelectRule : public Rule, public MatchFinder::MatchCallback {
public:
  CancelSelectRule(RuleOptions &Opt, TUModel &TU) : TU(TU), M(TU.coro()) {
    AndLevel = Opt.level("AndOperator", std::nullopt);
    MaxDepth = static_cast<int>(Opt.count("MaxDepth", 4));
    if (Opt.get("TeardownMethods"))
      Teardown = Opt.names("TeardownMethods");
  }

  std::string_view id() const override { return RuleId; }

  std::vector<std::pair<std::string, std::string>> options() const override {
    std::string T;
    for (const std::string &N : Teardown)
      T += (T.empty() ? "" : ";") + N;
    return {{"AndOperator",
             AndLevel ? std::string(levelName(*AndLevel)) : "off"},
            {"MaxDepth", std::to_string(MaxDepth)},
            {"TeardownMethods", T}};
  }

  void registerMatchers(MatchFinder &Finder) override {
    auto InUserCode = unless(isExpansionInSystemHeader());
    auto Fn = optionally(forFunction(functionDecl().bind("fn")));
    std::vector<std::string> Ops = M.selectOperatorNames();
    std::vector<StringRef> OpNames(Ops.begin(), Ops.end());
    if (!OpNames.empty())
      Finder.addMatcher(
          cxxOperatorCallExpr(hasAnyOverloadedOperatorName(OpNames),
                              InUserCode, Fn)
              .bind("op"),
          this);
    std::vector<std::string> Members = M.selectMemberNames();
    if (!Members.empty())
      Finder.addMatcher(
          cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName(ast::refs(Members)))),
                            InUserCode, Fn)
              .bind("member"),
          this);
    // Select calls: by the profiles' names, or marked COROSAFE_SELECT.
    std::vector<std::string> Calls = M.selectCallNames();
    Finder.addMatcher(
        callExpr(callee(functionDecl(anyOf(hasAnyName(ast::refs(Calls)),
                                           hasAttr(attr::Annotate)))),
                 unless(cxxMemberCallExpr()), unless(cxxOperatorCallExpr()),
                 InUserCode, Fn)
            .bind("call"),
        this);
    // The same names as function objects (stdexec's when_any).
    if (!Calls.empty())
      Finder.addMatcher(
          cxxOperatorCallExpr(hasOverloadedOperatorName("()"),
                              hasArgument(0, ignoringParenImpCasts(declRefExpr(
                                                 to(varDecl(hasAnyName(ast::refs(Calls))))))),
                              InUserCode, Fn)
              .bind("call"),
          this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (const auto *Op = R.Nodes.getNodeAs<CXXOperatorCallExpr>("op")) {
      if (M.operatorRow(Op))
        OperatorCalls.push_back({Op, Fn});
      return;
    }
    std::optional<Select> S;
    if (const auto *MC = R.Nodes.getNodeAs<CXXMemberCallExpr>("member"))
      S = M.memberSelect(MC);
    else if (const auto *C = R.Nodes.getNodeAs<CallExpr>("call"))
      S = M.callSelect(C);
    if (!S)
      return;
    S->InFunction = Fn;
    Others.push_back(std::move(*S));
  }

  void finish(ASTContext &Ctx, std::vector<RawFinding> &Out) override;

private:
  TUModel &TU;
  const model::CoroModel &M;
  std::optional<Level> AndLevel; ///< off by default
  int MaxDepth = 4;
  std::vector<std::pair<const CXXOperatorCallExpr *, const FunctionDecl *>>
      OperatorCalls;
  std::vector<Select> Others; ///< member and call selects

  std::vector<Select> buildOperatorSelects();
  void analyze(const Select &S, ASTContext &Ctx, SummaryCache &Cache,
               std::vector<RawFinding> &Out);
  void analyzeGroupResults(const Select &S, ASTContext &Ctx,
                           SummaryCache &Cache, std::vector<RawFinding> &Out);
  std::optional<Level> levelFor(const Select &S) const {
    if (S.cancelsOnFailureOnly())
      return AndLevel;
    return Level::Warning;
  }
  struct OperandInfo;
  OperandInfo inspectOperand(const Expr *E) const;
  /// Can the operand complete with an error that a select cancelling on
  /// failure treats as failure (a throw)? False when its completion token
  /// hands errors back as values, or (a coroutine) when nothing in it
  /// throws and every await in it cannot fail, to MaxDepth levels.
  bool mayFail(const Expr *Operand, SummaryCache &Cache);
  bool coroutineMayFail(const FunctionDecl *FD, SummaryCache &Cache, int Depth);
  std::map<const FunctionDecl *, bool> FailCache;
  /// Methods that close, cancel or destroy what a session used.
  std::vector<std::string> Teardown = DefaultTeardown;
  const IfStmt *
  exitWhenOtherWins(const Select &S, const struct GroupResults &GR,
                    size_t Index, const std::vector<const ValueDecl *> &Data,
                    ASTContext &Ctx) const;

  std::string helpNote(std::string_view Fix) const {
    return helpLine(RuleId, Fix);
  }
};

// --- recognizing selects ------------------------------------------------------

std::vector<Select> CancelSelectRule::buildOperatorSelects() {
  std::set<const Expr *> Nested;
  for (auto &[OC, Fn] : OperatorCalls)
    for (unsigned I = 0; I < 2; ++I)
      if (M.operatorRow(OC->getArg(I)))
        Nested.insert(ast::unwrap(OC->getArg(I)));
  std::vector<Select> Result;
  for (auto &[OC, Fn] : OperatorCalls) {
    if (Nested.count(OC))
      continue;
    std::optional<Select> S = M.operatorSelect(OC);
    if (!S)
      continue;
    S->InFunction = Fn;
    Result.push_back(std::move(*S));
  }
  return Result;
}

/// What an operand of a select is, once looked through.
struct CancelSelectRule::OperandInfo {
  const clang::Expr *At = nullptr; // where to report
  std::optional<model::AsyncOp> Op;
  const FunctionDecl *Coroutine = nullptr;
  const CallExpr *CoroutineCall = nullptr;
};

CancelSelectRule::OperandInfo
CancelSelectRule::inspectOperand(const Expr *E) const {
  OperandInfo I;
  I.At = E;
  const Expr *U = ast::unwrap(E);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(U)) {
    if (const Expr *R = ast::lambdaReturnedExpr(L))
      U = ast::unwrap(R);
  }
  if (auto Op = M.asyncOp(U)) {
    I.Op = Op;
    I.At = U;
    return I;
  }
  if (const FunctionDecl *C = M.calledCoroutine(U, &I.CoroutineCall)) {
    I.Coroutine = C;
    return I;
  }
  return I;
}

/// The take was bytes read into a buffer (also for data derived from it).
bool isBufferTake(const Take &T) {
  return T.IntoBuffer || T.Bytes;
}

std::string dataNoun(model::Produces K) {
  switch (K) {
  case model::Produces::Value:
    return "message received";
  case model::Produces::Bytes:
    return "bytes read";
  case model::Produces::Connection:
    return "connection accepted";
  case model::Produces::None:
    break;
  }
  return "result";
}

bool pluralNoun(model::Produces K) { return K == model::Produces::Bytes; }

// --- the analysis ---------------------------------------------------------------

/// A throw in a body (not in nested lambdas, not in a try block that
/// catches everything is not worth telling apart: any throw counts).
struct ThrowFinder : RecursiveASTVisitor<ThrowFinder> {
  bool Found = false;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCXXThrowExpr(CXXThrowExpr *) {
    Found = true;
    return false;
  }
};

bool CancelSelectRule::coroutineMayFail(const FunctionDecl *FD,
                                        SummaryCache &Cache, int Depth) {
  auto It = FailCache.find(FD);
  if (It != FailCache.end())
    return It->second;
  if (Depth <= 0)
    return true;
  FailCache[FD] = true; // recursion: assume it can fail
  bool Fails = false;
  ThrowFinder TF;
  TF.TraverseStmt(const_cast<Stmt *>(CfgCache::bodyOf(FD)));
  if (TF.Found)
    Fails = true;
  const CoroutineSummary &CS = Cache.get(FD);
  for (const CoroutineSuspendExpr *SE : CS.Suspensions) {
    if (Fails)
      break;
    const Expr *Op = ast::operandOf(SE);
    if (auto A = M.asyncOp(Op)) {
      Fails = !A->ErrorsAsValues;
    } else if (const FunctionDecl *C = M.calledCoroutine(Op)) {
      Fails = C == FD || coroutineMayFail(C, Cache, Depth - 1);
    } else {
      Fails = true; // an awaitable the profiles do not know
    }
  }
  FailCache[FD] = Fails;
  return Fails;
}

bool CancelSelectRule::mayFail(const Expr *Operand, SummaryCache &Cache) {
  OperandInfo OI = inspectOperand(Operand);
  if (OI.Op)
    return !OI.Op->ErrorsAsValues;
  if (OI.Coroutine)
    return coroutineMayFail(OI.Coroutine, Cache, MaxDepth + 1);
  return true;
}

/// The report 1 finding for a hazard, without its level, the select's note
/// and the help (shared with the facts for selects in other TUs).
RawFinding heldFinding(const Hazard &H, const FunctionDecl *Holder,
                       const std::vector<RawNote> &Ch) {
  RawFinding F;
  F.RuleId = std::string(RuleId);
  F.Range = H.Suspend->getSourceRange();
  F.Range.setEnd(H.Suspend->getBeginLoc());
  std::string Var =
      H.T.Root ? H.T.Root->getNameAsString()
     : (H.T.Var ? H.T.Var->getNameAsString() : "");
  if (H.T.derived()) {
    F.MessageKey = "held-derived";
    F.Message =
        "data derived from the " +
        std::string(isBufferTake(H.T) ? "bytes read into "
        : "value taken into ") +
        quote(Var) + " by " + quote(H.T.Source) + " is held in " +
        (H.T.Chain.back().Name.empty() ? quote(H.T.varName())
         : H.T.varName()) +
        " across this suspension point, where a losing select "
        "operand is cancelled and the data is lost";
  } else if (H.Temporary) {
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
        : isBufferTake(H.T)
            ? "bytes are read into " + quote(Var) + " here"
            : quote(Var) + " takes the value here"});
  std::string Prev = quote(Var);
  for (const DerivStep &D : H.T.Chain) {
    std::string Name = D.Name.empty()
       ? quote(D.Var->getNameAsString())
       : D.Name;
    F.Notes.push_back(
        {D.Where, Name + " is derived from " + Prev + " here"});
    Prev = Name;
  }
  for (const RawNote &N : Ch)
    F.Notes.push_back(N);
  F.Enclosing = Holder;
  return F;
}

std::string heldHelp() {
  return helpLine(RuleId, "deliver the data (store it outside the coroutine "
                          "frame) before suspending, keep no taken data in "
                          "locals across the suspension, or move this loop "
                          "into a spawned task fed by a channel");
}

std::string lossyHelp(const Select &S) {
  return helpLine(RuleId, S.Row->LossyFix.empty()
                              ? "use a form of the select that returns every "
                                "operand's result, or receive in a dedicated "
                                "task that forwards through a channel"
                              : S.Row->LossyFix);
}

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
           quote(ast::displayName(Coro)) + " awaits " +
               quote(ast::displayName(A.Callee)) +
               " here, so cancelling it cancels " +
               quote(ast::displayName(A.Callee)) + " at its suspension point"});
      collectHazards(A.Callee, Cache, DepthLeft - 1, Chain, OnPath, F);
      Chain.pop_back();
    }
  }
  OnPath.erase(Coro);
}

// --- selects that end the session ----------------------------------------

bool isTeardownCall(const CallExpr *C,
                    const std::vector<std::string> &Teardown) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier())
    return false;
  StringRef Name = MD->getName();
  return std::find(Teardown.begin(), Teardown.end(), Name) != Teardown.end();
}

/// Is the data taken from a channel (a message other tasks sent)?
bool fromChannel(const model::CoroModel &M, const Expr *Take) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(ast::unwrap(Take));
  return MC && M.channelOp(MC).has_value();
}

/// What a statement after the select does, for endsSession.
struct AfterSelect : RecursiveASTVisitor<AfterSelect> {
  const std::function<bool(const CallExpr *)> &IsTeardown;
  const SourceManager &SM;
  bool Other = false;    ///< something that is not teardown
  bool TornDown = false; ///< a teardown call
  AfterSelect(const std::function<bool(const CallExpr *)> &T,
              const SourceManager &SM)
      : IsTeardown(T), SM(SM) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *C) {
    if (IsTeardown(C)) {
      TornDown = true;
      return true;
    }
    const FunctionDecl *FD = C->getDirectCallee();
    // Library calls (logging, error_code::message, ...) are no use of the
    // data; a call of user code, or through a pointer, may be.
    if (!FD || !SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
      Other = true;
    return !Other;
  }
  bool VisitCoroutineSuspendExpr(CoroutineSuspendExpr *SE) {
    const auto *C = dyn_cast_or_null<CallExpr>(ast::unwrap(ast::operandOf(SE)));
    if (!C || !IsTeardown(C))
      Other = true; // it suspends for something else: the session goes on
    return !Other;
  }
  bool VisitCoreturnStmt(CoreturnStmt *R) {
    if (R->getOperand() && !R->isImplicit())
      Other = true; // hands a result to a caller that goes on
    return !Other;
  }
};

/// A select that ends the session: it is not in a loop, and everything after
/// it to the end of the coroutine only closes, cancels or destroys
/// (TeardownMethods), with at least one such call, and no other suspension
/// and no call of user code. The loser's data belonged to what is being torn
/// down: losing it is moot (`co_await (control.async_read_some(b) ||
/// relay(a, b)); a.close(); b.close();`).
bool endsSession(const Select &S, ASTContext &Ctx,
                 const std::vector<std::string> &Teardown) {
  const FunctionDecl *FD = S.InFunction;
  if (!FD || !S.Call)
    return false;
  const Stmt *Body = CfgCache::bodyOf(FD);
  std::function<bool(const CallExpr *)> IsTeardown =
      [&Teardown](const CallExpr *C) { return isTeardownCall(C, Teardown); };
  AfterSelect After(IsTeardown, Ctx.getSourceManager());
  DynTypedNode N = DynTypedNode::create(*static_cast<const Stmt *>(S.Call));
  for (int Depth = 0; Depth < 64; ++Depth) {
    // An await's operand is also reachable through the await's inner
    // expressions: any parent leads up the same statement chain.
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return false;
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent)
      return false; // a declaration: a lambda body, a default argument
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Parent))
      return false; // the select runs again: the session goes on
    if (const auto *CS = dyn_cast<CompoundStmt>(Parent)) {
      const Stmt *Cur = N.get<Stmt>();
      bool Seen = false;
      for (const Stmt *X : CS->body()) {
        if (Seen)
          After.TraverseStmt(const_cast<Stmt *>(X));
        if (X == Cur)
          Seen = true;
        if (After.Other)
          return false;
      }
    }
    if (Parent == Body)
      return After.TornDown;
    N = Parents[0];
  }
  return false;
}

void CancelSelectRule::analyze(const Select &S, ASTContext &Ctx,
                               SummaryCache &Cache,
                               std::vector<RawFinding> &Out) {
  std::optional<Level> Lvl = levelFor(S);
  if (!Lvl)
    return;
  // After a select that ends the session, what a loser held is moot,
  // unless it is a message taken from a channel: that belonged to the
  // program, not to the session.
  bool EndsSession = endsSession(S, Ctx, Teardown);
  // A select that cancels on failure cancels an operand only when another
  // operand can fail.
  std::vector<bool> Fails;
  if (S.cancelsOnFailureOnly())
    for (const Expr *E : S.Operands)
      Fails.push_back(mayFail(E, Cache));
  for (size_t Index = 0; Index < S.Operands.size(); ++Index) {
    const Expr *OperandExpr = S.Operands[Index];
    if (S.cancelsOnFailureOnly()) {
      bool OtherFails = false;
      for (size_t J = 0; J < Fails.size(); ++J)
        OtherFails |= J != Index && Fails[J];
      if (!OtherFails)
        continue;
    }
    if (M.losslessOperand(S, OperandExpr))
      continue; // it claims the race before it takes anything
    OperandInfo OI = inspectOperand(OperandExpr);
    SourceRange OpRange = OI.At->getSourceRange();

    // 3. composed operations in any select that cancels.
    if (OI.Op && OI.Op->composed() && !S.cancelsNothing()) {
      if (EndsSession)
        continue;
      bool Read = OI.Op->Partial == model::Progress::Read;
      RawFinding F;
      F.RuleId = std::string(RuleId);
      F.Lvl = *Lvl;
      F.Range = OpRange;
      F.MessageKey = Read ? "composed-read" : "composed-write";
      F.Message =
          quote(OI.Op->Name) +
          " is a composed operation that makes partial progress: if the " +
          (S.cancelsOnFailureOnly() ? S.Row->Spelling : std::string("select")) +
          " cancels it before it finishes, " +
          (Read ? "the bytes it has already consumed from the stream are lost"
                : "the stream is left partially written");
      F.Notes.push_back({SourceRange(S.OpLoc), S.operandNote(quote(OI.Op->Name))});
      F.Help = (helpNote("run the composed operation in its own task (fed "
                             "by a channel) or outside the select, and race "
                             "only operations that make no partial progress"));
      F.Enclosing = S.InFunction;
      Out.push_back(std::move(F));
      continue;
    }

    // 2. a completed operand's value is dropped by what the select returns.
    if (S.dropsCompletedValues() &&
        !(EndsSession && !(OI.Op && fromChannel(M, OI.At)))) {
      std::string What;
      bool Plural = false;
      if (OI.Op && OI.Op->producesData()) {
        What = "the " + dataNoun(OI.Op->What) + " by " + quote(OI.Op->Name);
        Plural = pluralNoun(OI.Op->What);
      } else if (OI.Coroutine && Cache.get(OI.Coroutine).ReturnsTaken)
        What = cancel::returnedValue(ast::displayName(OI.Coroutine),
                                     Cache.get(OI.Coroutine).ReturnsSource);
      if (!What.empty()) {
        RawFinding F;
        F.RuleId = std::string(RuleId);
        F.Lvl = *Lvl;
        F.Range = OpRange;
        std::string Are = Plural ? " are" : " is";
        std::string Because = cancel::because(S.Row->LossyBecause);
        if (S.Row->Results != "error-only") {
          F.MessageKey = "lossy-or";
          F.Message = cancel::lossyOr(What, Plural, S.Row->Spelling, Because);
        } else {
          F.MessageKey = "lossy-and";
          F.Message = What + Are + " lost if another operand of " +
                      S.Row->Spelling + " fails after it completed" + Because;
        }
        F.Notes.push_back({SourceRange(S.OpLoc), "select formed here"});
        F.Help = lossyHelp(S);
        F.Enclosing = S.InFunction;
        Out.push_back(std::move(F));
      }
    }

    // 1. data held across a suspension point in a losing coroutine (a
    // select that cancels nothing lets it run on).
    if (OI.Coroutine && !S.cancelsNothing()) {
      std::vector<RawNote> Chain;
      std::set<const FunctionDecl *> OnPath;
      std::string OpName = ast::displayName(OI.Coroutine);
      collectHazards(
          OI.Coroutine, Cache, MaxDepth, Chain, OnPath,
          [&](const Hazard &H, const FunctionDecl *Holder,
              const std::vector<RawNote> &Ch) {
            if (EndsSession && !fromChannel(M, ast::operandOf(H.T.At)))
              return;
            RawFinding F = heldFinding(H, Holder, Ch);
            F.Lvl = *Lvl;
            F.Notes.push_back({SourceRange(S.OpLoc),
                               S.operandNote(quote(OpName))});
            F.Help = heldHelp();
            Out.push_back(std::move(F));
          });
    }
  }
  if (S.returnsAllResults() && S.Member && !EndsSession)
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
    if (const auto *L = dyn_cast<LambdaExpr>(ast::unwrap(MC->getArg(1)))) {
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

/// `order[0] == K` or `order[0] != K` on the completion-order binding:
/// K and whether it is '=='.
static std::optional<std::pair<uint64_t, bool>>
orderTest(const Expr *Cond, const ValueDecl *Order) {
  const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParenImpCasts());
  std::optional<bool> Eq;
  const Expr *L = nullptr, *R = nullptr;
  if (BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    Eq = BO->getOpcode() == BO_EQ;
    L = BO->getLHS();
    R = BO->getRHS();
  } else if (const auto *OC =
                 dyn_cast<CXXOperatorCallExpr>(Cond->IgnoreParenImpCasts())) {
    if ((OC->getOperator() == OO_EqualEqual ||
         OC->getOperator() == OO_ExclaimEqual) &&
        OC->getNumArgs() == 2) {
      Eq = OC->getOperator() == OO_EqualEqual;
      L = OC->getArg(0);
      R = OC->getArg(1);
    }
  }
  if (!Eq)
    return std::nullopt;
  auto IsOrder0 = [&](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    const Expr *Base = nullptr, *Idx = nullptr;
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      Base = AS->getBase();
      Idx = AS->getIdx();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2) {
        Base = OC->getArg(0);
        Idx = OC->getArg(1);
      }
    }
    if (!Base)
      return false;
    const auto *DRE = dyn_cast<DeclRefExpr>(Base->IgnoreParenImpCasts());
    const auto *Lit = dyn_cast<IntegerLiteral>(Idx->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == Order && Lit && Lit->getValue() == 0;
  };
  auto Const = [](const Expr *E) -> std::optional<uint64_t> {
    if (const auto *Lit = dyn_cast<IntegerLiteral>(E->IgnoreParenImpCasts()))
      return Lit->getValue().getZExtValue();
    return std::nullopt;
  };
  if (IsOrder0(L))
    if (auto K = Const(R))
      return std::make_pair(*K, *Eq);
  if (IsOrder0(R))
    if (auto K = Const(L))
      return std::make_pair(*K, *Eq);
  return std::nullopt;
}

/// Does \p S leave the enclosing code (return, co_return, break, continue,
/// throw) as its last action, without naming any of \p Data?
static bool exitsWithout(const Stmt *S,
                         const std::vector<const ValueDecl *> &Data) {
  struct Uses : RecursiveASTVisitor<Uses> {
    const std::vector<const ValueDecl *> &Data;
    bool Found = false;
    explicit Uses(const std::vector<const ValueDecl *> &D) : Data(D) {}
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (std::find(Data.begin(), Data.end(), E->getDecl()) != Data.end())
        Found = true;
      return !Found;
    }
  } U(Data);
  U.TraverseStmt(const_cast<Stmt *>(S));
  if (U.Found)
    return false;
  const Stmt *Last = S;
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    Last = CS->body_empty() ? nullptr : CS->body_back();
  if (const auto *E = dyn_cast_or_null<Expr>(Last))
    Last = E->IgnoreParenImpCasts();
  return Last && (isa<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt,
                      CXXThrowExpr>(Last));
}

/// In the coroutine of a parallel group whose results are bound: an `if`
/// on the completion order that, when another operand than \p Index won,
/// leaves without using the data results of operand \p Index.
const IfStmt *CancelSelectRule::exitWhenOtherWins(
    const Select &S, const GroupResults &GR, size_t Index,
    const std::vector<const ValueDecl *> &Data, ASTContext &Ctx) const {
  if (GR.Bindings.empty() || Data.empty() || !S.InFunction)
    return nullptr;
  const ValueDecl *Order = GR.Bindings.front();
  struct Ifs : RecursiveASTVisitor<Ifs> {
    std::vector<const IfStmt *> All;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitIfStmt(IfStmt *I) {
      All.push_back(I);
      return true;
    }
  } V;
  V.TraverseStmt(const_cast<Stmt *>(CfgCache::bodyOf(S.InFunction)));
  // Only an `if` that every completion reaches: not nested in another
  // condition (`if (!ec) ... else if (order[0] == 1) co_return;` leaves
  // only when the operation failed, and then it took nothing).
  auto Unconditional = [&](const IfStmt *If) {
    DynTypedNode N = DynTypedNode::create(*static_cast<const Stmt *>(If));
    for (int Depth = 0; Depth < 64; ++Depth) {
      auto Parents = Ctx.getParents(N);
      if (Parents.empty())
        return false;
      const Stmt *P = Parents[0].get<Stmt>();
      if (!P)
        return true; // the function
      if (isa<IfStmt, SwitchStmt, ConditionalOperator, CXXTryStmt>(P))
        return false;
      if (P == CfgCache::bodyOf(S.InFunction))
        return true;
      N = Parents[0];
    }
    return false;
  };
  for (const IfStmt *If : V.All) {
    std::optional<std::pair<uint64_t, bool>> T =
        orderTest(If->getCond(), Order);
    if (!T || !Unconditional(If))
      continue;
    auto [K, Eq] = *T;
    // The branch taken when another operand won.
    const Stmt *Branch = nullptr;
    if (Eq && K != Index)
      Branch = If->getThen();
    else if (!Eq && K == Index)
      Branch = If->getThen();
    else if (Eq && K == Index)
      Branch = If->getElse();
    if (Branch && exitsWithout(Branch, Data))
      return If;
  }
  return nullptr;
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
    Arity.push_back(M.resultArity(S, E));
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
      What = "the " + dataNoun(OI.Op->What) + " by " + quote(OI.Op->Name);
      Plural = pluralNoun(OI.Op->What);
    } else if (OI.Coroutine && Cache.get(OI.Coroutine).ReturnsTaken) {
      What = "the value returned by " + quote(ast::displayName(OI.Coroutine));
    } else if (const Expr *P = forwardedParam(S.Operands[I])) {
      What = "the result of the forwarded operation " +
             quote(cast<DeclRefExpr>(P)->getDecl()->getNameAsString());
      OI.At = P;
    }
    std::string OpName =
        OI.Op ? OI.Op->Name
        : OI.Coroutine
            ? ast::displayName(OI.Coroutine)
            : (isa<DeclRefExpr>(OI.At)
                   ? cast<DeclRefExpr>(OI.At)->getDecl()->getNameAsString()
                   : std::string("operand"));
    if (What.empty())
      continue;
    const ValueDecl *Ignored = nullptr;
    bool AnyData = false, AnyUsed = false;
    if (!GR.AllDiscarded) {
      for (unsigned J = First; J < First + N && J < GR.Bindings.size(); ++J) {
        const ValueDecl *B = GR.Bindings[J];
        if (M.isErrorType(B->getType()))
          continue;
        AnyData = true;
        if (B->isReferenced())
          AnyUsed = true;
        else if (!Ignored)
          Ignored = B;
      }
      if (!AnyData)
        continue;
      if (AnyUsed) {
        // Used, but maybe not on the path where another operand won.
        std::vector<const ValueDecl *> Data;
        for (unsigned J = First; J < First + N && J < GR.Bindings.size(); ++J)
          if (!M.isErrorType(GR.Bindings[J]->getType()))
            Data.push_back(GR.Bindings[J]);
        if (const IfStmt *Exit = exitWhenOtherWins(S, GR, I, Data, Ctx)) {
          RawFinding F;
          F.RuleId = std::string(RuleId);
          F.Lvl = Level::Warning;
          F.Range = OI.At->getSourceRange();
          F.MessageKey = "group-result-dropped-on-path";
          F.Message = What + (Plural ? " are" : " is") +
                      " dropped on the path where another operand wins the " +
                      S.Row->Spelling +
                      ": when this operation completed too, the data it "
                      "took is lost";
          F.Notes.push_back(
              {Exit->getCond()->getSourceRange(),
               "when another operand wins, this path leaves without using " +
                   quote(Data.front()->getNameAsString())});
          F.Notes.push_back(
              {SourceRange(S.OpLoc),
               S.operandNote(quote(OpName))});
          F.Help = helpNote("use the result whenever its operation completed "
                            "(test its error, not only the completion order)");
          F.Enclosing = S.InFunction;
          Out.push_back(std::move(F));
        }
        continue;
      }
    }
    RawFinding F;
    F.RuleId = std::string(RuleId);
    F.Lvl = Level::Warning;
    F.Range = OI.At->getSourceRange();
    F.MessageKey = "group-result-ignored";
    F.Message = What + (Plural ? " are" : " is") +
                " ignored: when this operation completes but another one "
                "wins the " + S.Row->Spelling + ", the data it took is lost";
    if (Ignored)
      F.Notes.push_back({Ignored->getSourceRange(),
                         "its result is bound to " +
                             quote(Ignored->getNameAsString()) +
                             ", which is never used"});
    else
      F.Notes.push_back({GR.Where, "the results of the group are discarded here"});
    F.Notes.push_back({SourceRange(S.OpLoc), S.operandNote(quote(OpName))});
    F.Help = (helpNote("handle the result of every operand, also when "
                           "another operand won (the completion order tells "
                           "which completed)"));
    F.Enclosing = S.InFunction;
    Out.push_back(std::move(F));
  }
}

void CancelSelectRule::finish(ASTContext &Ctx, std::vector<RawFinding> &Out) {
  SummaryCache Cache(Ctx, M, TU.cfgs());
  std::vector<Select> All = buildOperatorSelects();
  for (Select &G : Others)
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
  Others.clear();
}

} // namespace

void collectCancelFacts(TUModel &TU, ASTContext &Ctx,
                        const std::vector<model::Select> &Selects,
                        const std::vector<const FunctionDecl *> &Defs,
                        const std::function<std::string(const Decl *)> &Usr,
                        TUFacts &Out) {
  const model::CoroModel &M = TU.coro();
  const SourceManager &SM = Ctx.getSourceManager();
  SummaryCache Cache(Ctx, M, TU.cfgs());
  const int Depth = 4; // the rule's default MaxDepth
  auto Key = [&](const RawFinding &F) {
    return std::make_pair(
        SM.getExpansionLoc(F.Range.getBegin()).getRawEncoding(), F.Message);
  };
  // What the rule reports in this TU: operands whose body is here.
  std::set<std::pair<unsigned, std::string>> Local;
  for (const Select &S : Selects) {
    // A select that cancels nothing: its operands' held values are safe,
    // and the facts cannot say so (their dropped values are reported only
    // within one TU).
    if (S.cancelsOnFailureOnly() || S.cancelsNothing())
      continue;
    bool Ends = endsSession(S, Ctx, DefaultTeardown);
    for (const Expr *E : S.Operands) {
      const Expr *U = ast::unwrap(E);
      if (M.asyncOp(U))
        continue;
      if (const FunctionDecl *Def = M.calledCoroutine(U)) {
        std::vector<RawNote> Chain;
        std::set<const FunctionDecl *> OnPath;
        collectHazards(Def, Cache, Depth, Chain, OnPath,
                       [&](const Hazard &H, const FunctionDecl *Holder,
                           const std::vector<RawNote> &Ch) {
                         Local.insert(Key(heldFinding(H, Holder, Ch)));
                       });
        continue;
      }
      const auto *C = dyn_cast_or_null<CallExpr>(U);
      const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
      if (!Callee || Callee->hasBody() || isa<CXXOperatorCallExpr>(C) ||
          SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
        continue;
      // A call whose body is in another TU: judged in the merge.
      OperandFact O;
      O.Function = S.InFunction ? Usr(S.InFunction->getCanonicalDecl()) : "";
      O.Callee = Usr(Callee->getCanonicalDecl());
      O.CalleeName = ast::displayName(Callee);
      O.Enclosing = S.InFunction ? enclosingName(S.InFunction) : "";
      O.Loc = toRegion(C->getSourceRange(), SM);
      O.SelectLoc = toRegion(SourceRange(S.OpLoc), SM);
      O.Spelling = S.Row->Spelling;
      O.LossyBecause = cancel::because(S.Row->LossyBecause);
      O.OperandNote = S.operandNote(quote(O.CalleeName));
      O.LossyHelp = lossyHelp(S);
      O.HeldHelp = heldHelp();
      O.DropsCompleted =
          S.dropsCompletedValues() && S.Row->Results != "error-only";
      O.EndsSession = Ends;
      Out.Operands.push_back(std::move(O));
    }
  }
  // Summaries of the coroutines another TU may race: defined in this main
  // file, visible outside it.
  for (const FunctionDecl *FD : Defs) {
    if (!SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())) ||
        !FD->isExternallyVisible() || !FD->hasBody() ||
        !isa<CoroutineBodyStmt>(FD->getBody()))
      continue;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        continue;
    const CoroutineSummary &CS = Cache.get(FD);
    SummaryFact SF;
    SF.Function = Usr(FD->getCanonicalDecl());
    SF.Name = ast::displayName(FD);
    if (CS.ReturnsTaken)
      SF.ReturnsTaken = CS.ReturnsSource;
    std::vector<RawNote> Chain;
    std::set<const FunctionDecl *> OnPath;
    collectHazards(
        FD, Cache, Depth, Chain, OnPath,
        [&](const Hazard &H, const FunctionDecl *Holder,
            const std::vector<RawNote> &Ch) {
          RawFinding F = heldFinding(H, Holder, Ch);
          HeldFact HF;
          HF.Key = F.MessageKey;
          HF.Message = F.Message;
          HF.Enclosing = enclosingName(Holder);
          HF.Loc = toRegion(F.Range, SM);
          for (const RawNote &N : F.Notes)
            HF.Notes.push_back({toRegion(N.Range, SM), N.Message});
          HF.FromChannel = fromChannel(M, ast::operandOf(H.T.At));
          HF.ReportedInTU = Local.count(Key(F)) > 0;
          SF.Held.push_back(std::move(HF));
        });
    if (!SF.ReturnsTaken.empty() || !SF.Held.empty())
      Out.Summaries.push_back(std::move(SF));
  }
}

std::unique_ptr<Rule> createCancelSelectRule(RuleOptions &Opt, TUModel &M) {
  return std::make_unique<CancelSelectRule>(Opt, M);
}

} // namespace corosafe
