//===- CoroutineSummary.cpp - what a coroutine takes and holds -----------===//
#include "CoroutineSummary.h"
#include "model/AstUtil.h"
#include "model/CoroModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <deque>
#include <set>

using namespace clang;

namespace corosafe {
namespace {

/// Statements of the body that matter, collected in one walk.
struct BodyIndex : RecursiveASTVisitor<BodyIndex> {
  std::vector<const CoroutineSuspendExpr *> Suspends;
  std::vector<const CoreturnStmt *> Returns;
  std::vector<const Expr *> AssignsAndCalls; // candidates for deliveries
  std::vector<const DeclStmt *> Decls;        // candidates for value flow
  std::vector<const CXXForRangeStmt *> RangeFors;

  bool TraverseLambdaExpr(LambdaExpr *L) {
    // A nested lambda is another function; only its captures matter here.
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    Suspends.push_back(E);
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Suspends.push_back(E);
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    Returns.push_back(S);
    return true;
  }
  bool VisitDeclStmt(DeclStmt *S) {
    Decls.push_back(S);
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    RangeFors.push_back(S);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      AssignsAndCalls.push_back(B);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    AssignsAndCalls.push_back(C);
    return true;
  }
};

/// Does E name V (a variable, or a binding of a structured binding)?
bool refersTo(const DeclRefExpr *DRE, const ValueDecl *V) {
  return DRE->getDecl() == V;
}

struct RefFinder : RecursiveASTVisitor<RefFinder> {
  const ValueDecl *V;
  const llvm::SmallPtrSetImpl<const DeclRefExpr *> *Ignore;
  bool Found = false;
  RefFinder(const ValueDecl *V,
            const llvm::SmallPtrSetImpl<const DeclRefExpr *> *Ignore)
      : V(V), Ignore(Ignore) {}
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V)
        Found = true;
    return !Found;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (refersTo(DRE, V) && !(Ignore && Ignore->count(DRE)))
      Found = true;
    return !Found;
  }
};

bool mentions(const Stmt *S, const ValueDecl *V,
              const llvm::SmallPtrSetImpl<const DeclRefExpr *> *Ignore =
                  nullptr) {
  if (!S)
    return false;
  RefFinder F(V, Ignore);
  F.TraverseStmt(const_cast<Stmt *>(S));
  return F.Found;
}

/// True if the storage E designates is outside the coroutine frame: a member
/// of *this, something reached through a reference or pointer, a global.
bool isOutsideFrame(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(E))
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (DRE->refersToEnclosingVariableOrCapture())
        return true; // a lambda capture lives in the closure object
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        return !ast::isFrameLocal(V);
      return true; // functions, enumerators, bindings of outside objects
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return true;
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref)
        return true;
      return false;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = OC->getOperator();
      if (K == OO_Star || K == OO_Arrow)
        return true; // smart pointers, iterators: the pointee is elsewhere
      if (K == OO_Subscript && OC->getNumArgs() > 0) {
        E = OC->getArg(0);
        continue;
      }
      return true;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      // v.front(), m.at(k): the result lives where the object lives, unless
      // the call returns a value (then it is a temporary of the frame).
      if (MC->getType()->isReferenceType() || MC->isGLValue()) {
        E = MC->getImplicitObjectArgument();
        continue;
      }
      return false;
    }
    if (isa<CallExpr>(E))
      return E->isGLValue(); // a function returning a reference: elsewhere
    return false;
  }
  return false;
}

/// How an expression's value carries the data of a variable.
enum class Carries { No, Directly, ThroughCall };

Carries either(Carries A, Carries B) {
  if (A == Carries::Directly || B == Carries::Directly)
    return Carries::Directly;
  if (A == Carries::ThroughCall || B == Carries::ThroughCall)
    return Carries::ThroughCall;
  return Carries::No;
}

/// Does the value of \p E carry data of \p V? A comparison, a negation or
/// a bool carries a flag, not the data; a call carries what the flows rows
/// (or the default: its result derives from its inputs) say.
Carries carries(const Expr *E, const ValueDecl *V, const model::CoroModel &M,
                int Depth = 0) {
  if (!E || Depth > 24)
    return Carries::No;
  E = E->IgnoreParens();
  if (isa<CoroutineSuspendExpr>(E) || isa<UnaryExprOrTypeTraitExpr>(E) ||
      isa<CXXNoexceptExpr>(E))
    return Carries::No;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl() == V ? Carries::Directly : Carries::No;
  if (E->getType()->isBooleanType() && !isa<ImplicitCastExpr>(E))
    return Carries::No; // a flag: a comparison, empty(), a validation
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V)
        return Carries::Directly;
    for (const Expr *Init : L->capture_inits())
      if (Init && carries(Init, V, M, Depth + 1) != Carries::No)
        return Carries::Directly; // init-capture [m = std::move(v)]
    return Carries::No;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->isComparisonOp() || B->isLogicalOp())
      return Carries::No;
    if (B->isAssignmentOp() || B->getOpcode() == BO_Comma)
      return carries(B->getRHS(), V, M, Depth + 1);
    return either(carries(B->getLHS(), V, M, Depth + 1),
                  carries(B->getRHS(), V, M, Depth + 1));
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_LNot)
      return Carries::No;
    return carries(U->getSubExpr(), V, M, Depth + 1);
  }
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E))
    return either(carries(C->getTrueExpr(), V, M, Depth + 1),
                  carries(C->getFalseExpr(), V, M, Depth + 1));
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return carries(AS->getBase(), V, M, Depth + 1);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return carries(ME->getBase(), V, M, Depth + 1); // a member of taken data
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isa<UserDefinedLiteral>(Call))
      return Carries::No;
    Carries R = Carries::No;
    const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
    if (MC && carries(MC->getImplicitObjectArgument(), V, M, Depth + 1) !=
                  Carries::No &&
        M.flows(Call, model::CoroModel::Qualifier,
                model::CoroModel::ReturnValue))
      R = Carries::ThroughCall;
    for (unsigned I = 0, N = Call->getNumArgs(); I < N && R == Carries::No;
         ++I) {
      if (carries(Call->getArg(I), V, M, Depth + 1) == Carries::No)
        continue;
      if (M.flows(Call, static_cast<int>(I), model::CoroModel::ReturnValue))
        R = Carries::ThroughCall;
    }
    // A function that returns a reference or pointer into its argument
    // (std::move, std::forward, front()) hands the data itself on.
    if (R != Carries::No &&
        (Call->isGLValue() || Call->getType()->isPointerType() ||
         Call->getType()->isRecordType()))
      return Carries::Directly;
    return R;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    Carries R = Carries::No;
    for (const Expr *A : CE->arguments())
      R = either(R, carries(A, V, M, Depth + 1));
    return R == Carries::No ? R : Carries::Directly;
  }
  // Casts, temporaries, initializer lists, aggregates: any part.
  Carries R = Carries::No;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      R = either(R, carries(CE, V, M, Depth + 1));
  return R;
}

/// The frame-local variable whose storage \p E designates (a member, an
/// element of it), or null when E is elsewhere.
const VarDecl *frameBase(const Expr *E) {
  for (int Guard = 0; E && Guard < 16; ++Guard) {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V || DRE->refersToEnclosingVariableOrCapture() ||
          !ast::isFrameLocal(V))
        return nullptr;
      return V;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getOperator() == OO_Subscript && OC->getNumArgs() > 0) {
        E = OC->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      if (MC->isGLValue()) { // v.back(), m.at(k)
        E = MC->getImplicitObjectArgument();
        continue;
      }
      return nullptr;
    }
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

bool isScalarValue(QualType T) {
  T = T.getNonReferenceType();
  return T->isArithmeticType() || T->isEnumeralType();
}

const Stmt *parentSkippingWrappers(const ParentMap &PM, const Stmt *S) {
  const Stmt *P = PM.getParent(S);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ExprWithCleanups>(P) ||
               isa<MaterializeTemporaryExpr>(P) ||
               isa<CXXBindTemporaryExpr>(P) || isa<ParenExpr>(P) ||
               isa<CXXFunctionalCastExpr>(P) ||
               (isa<CXXConstructExpr>(P) &&
                cast<CXXConstructExpr>(P)->getNumArgs() == 1))) {
    S = P;
    P = PM.getParent(P);
  }
  return P;
}

/// Position of an element in the CFG.
struct Pos {
  const CFGBlock *B = nullptr;
  unsigned I = 0;
};

class Analyzer {
public:
  Analyzer(const FunctionDecl *FD, ASTContext &Ctx, SummaryCache &Cache,
           CoroutineSummary &Out)
      : FD(FD), Ctx(Ctx), Cache(Cache), Out(Out) {}

  void run();

private:
  const FunctionDecl *FD;
  ASTContext &Ctx;
  SummaryCache &Cache;
  CoroutineSummary &Out;
  const Stmt *Body = nullptr;
  std::unique_ptr<ParentMap> PM;
  const CFG *Cfg = nullptr;
  BodyIndex Index;
  llvm::DenseMap<const Stmt *, Pos> StmtPos;
  llvm::DenseMap<const ValueDecl *, Pos> DeclPos; // DeclStmt declaring it
  llvm::SmallPtrSet<const Stmt *, 16> RealSuspends;

  // Per tracked variable.
  struct VarFacts {
    llvm::SmallPtrSet<const DeclRefExpr *, 8> KillRefs; // writes, not reads
    llvm::SmallPtrSet<const Stmt *, 8> Kills;
    llvm::SmallPtrSet<const Stmt *, 8> Deliveries;
    llvm::DenseMap<const CFGBlock *, bool> LiveOut;
    bool LivenessDone = false;
  };
  llvm::DenseMap<const ValueDecl *, VarFacts> Facts;

  struct SourceInfo {
    bool IsSource = false;
    std::string Name;
    llvm::SmallVector<const VarDecl *, 2> IntoVars;
    bool ValueResult = false; // the co_await's result is the data
    /// A parallel group's results: the first binding is the completion
    /// order, not data.
    bool FirstIsOrder = false;
  };
  SourceInfo classifySource(const CoroutineSuspendExpr *S);
  void collectTakes();
  void deriveTakes();
  void keepFirstHazards(size_t From);
  void indexCfg();
  VarFacts &factsFor(const ValueDecl *V);
  bool isKill(const Stmt *S, const ValueDecl *V, VarFacts &F);
  bool isUse(const Stmt *S, const ValueDecl *V, VarFacts &F);
  bool liveAfter(Pos P, const ValueDecl *V);
  void computeLiveness(const ValueDecl *V, VarFacts &F);
  void findHazards(const Take &T);
};

using ast::operandOf;

Take makeTake(const CoroutineSuspendExpr *At, const ValueDecl *Var,
              std::string Source, bool IntoBuffer) {
  Take T;
  T.At = At;
  T.Var = Var;
  T.Root = Var;
  T.Source = std::move(Source);
  T.IntoBuffer = IntoBuffer;
  return T;
}

} // namespace

const Expr *forwardedParam(const Expr *E) {
  E = ast::unwrap(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    if (isa<ParmVarDecl>(DRE->getDecl()))
      return DRE;
  return nullptr;
}

std::optional<SelectData> selectData(const Expr *AwaitOperand,
                                     SummaryCache &Cache,
                                     const FunctionDecl *Self) {
  const model::CoroModel &M = Cache.model();
  const Expr *E = ast::unwrap(AwaitOperand);
  std::optional<model::Select> S;
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E))
    S = M.memberSelect(MC);
  else if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(E))
    S = M.operatorSelect(OC);
  if (!S || S->cancelsOnFailureOnly())
    return std::nullopt;
  for (const Expr *Op : S->Operands) {
    const Expr *U = ast::unwrap(Op);
    std::string Name;
    if (auto A = M.asyncOp(U)) {
      if (A->producesData())
        Name = A->Name;
    } else if (const FunctionDecl *C = M.calledCoroutine(U)) {
      if (C != Self && Cache.get(C).ReturnsTaken)
        Name = ast::displayName(C);
    } else if (const Expr *P = forwardedParam(U)) {
      // An operation the caller passed in: what it produces is the
      // caller's; its result is data unless only an error comes back.
      Name = cast<DeclRefExpr>(P)->getDecl()->getNameAsString();
    }
    if (!Name.empty())
      return SelectData{Name, S->returnsAllResults() && S->Member};
  }
  return std::nullopt;
}

namespace {

Analyzer::SourceInfo Analyzer::classifySource(const CoroutineSuspendExpr *S) {
  SourceInfo Info;
  const Expr *Operand = operandOf(S);
  // A select awaited here hands out what its data-producing operands took
  // (a wrapper that races a forwarded operation against a stop signal and
  // returns the value is itself a data-producing operation).
  if (std::optional<SelectData> SD = selectData(Operand, Cache, FD)) {
    Info.IsSource = true;
    Info.Name = SD->Source;
    Info.ValueResult = true;
    Info.FirstIsOrder = SD->FirstIsOrder;
    return Info;
  }
  if (auto Op = Cache.model().asyncOp(Operand)) {
    if (!Op->producesData())
      return Info;
    Info.IsSource = true;
    Info.Name = Op->Name;
    Info.IntoVars = Op->IntoVars;
    Info.ValueResult =
        Op->valueResult();
    return Info;
  }
  if (const FunctionDecl *Callee = Cache.model().calledCoroutine(Operand)) {
    if (Callee == FD)
      return Info; // direct recursion: no new information
    const CoroutineSummary &CS = Cache.get(Callee);
    if (CS.ReturnsTaken) {
      Info.IsSource = true;
      Info.Name = ast::displayName(Callee);
      Info.ValueResult = true;
    }
    return Info;
  }
  return Info;
}

void Analyzer::indexCfg() {
  for (const CFGBlock *B : *Cfg) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>()) {
        const Stmt *S = CS->getStmt();
        StmtPos.try_emplace(S, Pos{B, I});
        if (const auto *DS = dyn_cast<DeclStmt>(S)) {
          for (const Decl *D : DS->decls()) {
            if (const auto *VD = dyn_cast<ValueDecl>(D)) {
              DeclPos.try_emplace(VD, Pos{B, I});
              if (const auto *DD = dyn_cast<DecompositionDecl>(D))
                for (const BindingDecl *BD : DD->bindings())
                  DeclPos.try_emplace(BD, Pos{B, I});
            }
          }
        }
      }
      ++I;
    }
  }
}

void Analyzer::collectTakes() {
  for (const CoroutineSuspendExpr *S : Index.Suspends) {
    if (isa<CoawaitExpr>(S) &&
        !Cache.model().suspends(cast<CoawaitExpr>(S)->getOperand()))
      continue;
    if (llvm::is_contained(Out.Suspensions, S))
      continue; // visited twice through the await_transform copy
    Out.Suspensions.push_back(S);
    RealSuspends.insert(S);
    if (const FunctionDecl *Callee = Cache.model().calledCoroutine(operandOf(S)))
      Out.Awaits.push_back({S, Callee});
  }

  for (const CoroutineSuspendExpr *S : Out.Suspensions) {
    SourceInfo Info = classifySource(S);
    if (!Info.IsSource)
      continue;
    for (const VarDecl *V : Info.IntoVars)
      Out.Takes.push_back(makeTake(S, V, Info.Name, /*IntoBuffer=*/true));
    if (!Info.ValueResult)
      continue;

    // Where does the awaited value go? `co_return co_await f();` first:
    // the parent map may see the promise's return_value call instead.
    bool Returned = false;
    for (const CoreturnStmt *R : Index.Returns)
      if (R->getOperand() && ast::unwrap(R->getOperand()) == S)
        Returned = true;
    if (Returned) {
      Out.ReturnsTaken = true;
      Out.ReturnsSource = Info.Name;
      continue;
    }
    const Stmt *P = parentSkippingWrappers(*PM, S);
    if (!P)
      continue;
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        if (!VD || !VD->getInit() || ast::unwrap(VD->getInit()) != S)
          continue;
        if (const auto *DD = dyn_cast<DecompositionDecl>(VD)) {
          bool First = true;
          for (const BindingDecl *BD : DD->bindings()) {
            bool Order = First && Info.FirstIsOrder;
            First = false;
            if (!Order && !Cache.model().isErrorType(BD->getType()))
              Out.Takes.push_back(makeTake(S, BD, Info.Name, false));
          }
        } else if (ast::isFrameLocal(VD)) {
          Out.Takes.push_back(makeTake(S, VD, Info.Name, false));
        }
      }
      continue;
    }
    const Expr *LHS = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && ast::unwrap(BO->getRHS()) == S)
        LHS = BO->getLHS();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (OC->isAssignmentOp() && OC->getNumArgs() == 2 &&
          ast::unwrap(OC->getArg(1)) == S)
        LHS = OC->getArg(0);
    }
    if (LHS) {
      // Into a local, or a member or element of one (f.body = co_await
      // ...); anywhere else it is delivered at once.
      if (const VarDecl *VD = frameBase(LHS)) {
        Take T = makeTake(S, VD, Info.Name, false);
        T.HeldFrom = P; // held from the assignment on
        Out.Takes.push_back(T);
      }
      continue;
    }
    if (isa<CoreturnStmt>(P)) {
      Out.ReturnsTaken = true;
      Out.ReturnsSource = Info.Name;
      continue;
    }
    // A temporary that another suspension holds: co_await send(co_await rx).
    for (const Stmt *A = P; A; A = PM->getParent(A)) {
      if (isa<CompoundStmt>(A) || isa<DeclStmt>(A) || isa<CoreturnStmt>(A))
        break;
      if (const auto *Outer = dyn_cast<CoroutineSuspendExpr>(A)) {
        if (RealSuspends.count(Outer)) {
          Out.Hazards.push_back(
              {Outer, makeTake(S, nullptr, Info.Name, false), true});
          break;
        }
      }
    }
  }

  deriveTakes();

  // co_return of a variable that holds taken data, or of a value computed
  // from it.
  for (const CoreturnStmt *R : Index.Returns) {
    const Expr *Op = R->getOperand();
    if (!Op)
      continue;
    for (const Take &T : Out.Takes) {
      if (!T.Var)
        continue;
      Carries C = carries(Op, T.Var, Cache.model());
      if (C == Carries::Directly ||
          (C == Carries::ThroughCall && !isScalarValue(Op->getType()))) {
        Out.ReturnsTaken = true;
        Out.ReturnsSource = T.Source;
      }
    }
  }
}

/// Data computed from taken data is taken data: follows initialisations,
/// assignments, constructors, calls (flows rows), range-for elements,
/// members and aggregates, containers that receive a value, structured
/// bindings and lambda captures, from each take to a fixpoint.
void Analyzer::deriveTakes() {
  constexpr size_t MaxDerived = 64;
  const model::CoroModel &M = Cache.model();
  std::set<std::pair<const Stmt *, const ValueDecl *>> Seen;
  for (const Take &T : Out.Takes)
    if (T.Var)
      Seen.insert({T.At, T.Var});
  size_t Derived = 0;
  for (size_t I = 0; I < Out.Takes.size() && Derived < MaxDerived; ++I) {
    if (!Out.Takes[I].Var)
      continue;
    const ValueDecl *V = Out.Takes[I].Var;
    auto Derive = [&](const ValueDecl *D, const Stmt *HeldFrom,
                      SourceRange Where, std::string Name = "") {
      if (!D || D == V || Derived >= MaxDerived ||
          !Seen.insert({Out.Takes[I].At, D}).second)
        return;
      if (M.isErrorType(D->getType()))
        return;
      Take N = Out.Takes[I];
      N.Var = D;
      N.Bytes = N.Bytes || N.IntoBuffer;
      N.IntoBuffer = false;
      N.HeldFrom = HeldFrom;
      N.Chain.push_back({D, Where, std::move(Name)});
      Out.Takes.push_back(std::move(N));
      ++Derived;
    };
    auto Accept = [&](Carries C, QualType T) {
      return C == Carries::Directly ||
             (C == Carries::ThroughCall && !isScalarValue(T));
    };
    for (const DeclStmt *DS : Index.Decls) {
      for (const Decl *Dcl : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(Dcl);
        if (!VD || !VD->hasLocalStorage() || !VD->getInit())
          continue;
        Carries C = carries(VD->getInit(), V, M);
        if (const auto *DD = dyn_cast<DecompositionDecl>(VD)) {
          if (C == Carries::No)
            continue;
          for (const BindingDecl *BD : DD->bindings())
            Derive(BD, nullptr, BD->getSourceRange());
        } else if (Accept(C, VD->getType())) {
          Derive(VD, nullptr, SourceRange(VD->getLocation()));
        }
      }
    }
    for (const CXXForRangeStmt *RF : Index.RangeFors) {
      if (carries(RF->getRangeInit(), V, M) == Carries::No)
        continue;
      const VarDecl *Elem = RF->getLoopVariable();
      Derive(Elem, nullptr, SourceRange(Elem->getLocation()));
      // The elements not visited yet stay in the range, reached through
      // the loop's iterator.
      if (const auto *BS = dyn_cast_or_null<DeclStmt>(RF->getBeginStmt()))
        if (BS->isSingleDecl())
          Derive(dyn_cast<VarDecl>(BS->getSingleDecl()), nullptr,
                 RF->getRangeInit()->getSourceRange(),
                 "the elements of " +
                     ast::quote(Lexer::getSourceText(
                                    CharSourceRange::getTokenRange(
                                        RF->getRangeInit()->getSourceRange()),
                                    Ctx.getSourceManager(), Ctx.getLangOpts())
                                    .str()) +
                     " not yet visited");
    }
    for (const Expr *E : Index.AssignsAndCalls) {
      const Expr *LHS = nullptr, *RHS = nullptr;
      if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
        LHS = BO->getLHS();
        RHS = BO->getRHS();
      } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
        if (OC->isAssignmentOp() && OC->getNumArgs() == 2) {
          LHS = OC->getArg(0);
          RHS = OC->getArg(1);
        }
      }
      if (LHS) {
        const VarDecl *Base = frameBase(LHS);
        if (Base && Accept(carries(RHS, V, M), LHS->getType()))
          Derive(Base, E, E->getSourceRange());
        continue;
      }
      // Calls that put data into their object or an argument (push_back).
      const auto *C = dyn_cast<CallExpr>(E);
      if (!C || !M.hasFlowInto(C))
        continue;
      const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
      std::vector<std::pair<int, const Expr *>> Inputs;
      if (MC)
        Inputs.push_back({model::CoroModel::Qualifier,
                          MC->getImplicitObjectArgument()});
      for (unsigned A = 0, N = C->getNumArgs(); A < N; ++A)
        Inputs.push_back({static_cast<int>(A), C->getArg(A)});
      for (auto &[From, In] : Inputs) {
        if (carries(In, V, M) == Carries::No)
          continue;
        for (auto &[To, Dst] : Inputs)
          if (To != From && Cache.model().flows(C, From, To))
            Derive(frameBase(Dst), C, C->getSourceRange());
      }
    }
  }
}

Analyzer::VarFacts &Analyzer::factsFor(const ValueDecl *V) {
  auto It = Facts.find(V);
  if (It != Facts.end())
    return It->second;
  VarFacts &F = Facts[V];

  // Writes: reads into V as a buffer, assignments to V.
  for (const Take &T : Out.Takes) {
    if (T.Var != V || !T.IntoBuffer)
      continue;
    F.Kills.insert(T.At);
    struct Collect : RecursiveASTVisitor<Collect> {
      const ValueDecl *V;
      VarFacts &F;
      Collect(const ValueDecl *V, VarFacts &F) : V(V), F(F) {}
      bool VisitDeclRefExpr(DeclRefExpr *DRE) {
        if (DRE->getDecl() == V)
          F.KillRefs.insert(DRE);
        return true;
      }
    } C(V, F);
    C.TraverseStmt(const_cast<Expr *>(operandOf(T.At)));
  }
  for (const Expr *E : Index.AssignsAndCalls) {
    const Expr *LHS = nullptr, *RHS = nullptr;
    const Expr *Callee = nullptr;
    bool Plain = false;
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      LHS = BO->getLHS();
      RHS = BO->getRHS();
      Plain = BO->getOpcode() == BO_Assign;
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getNumArgs() == 2 &&
          (OC->isAssignmentOp() || OC->getOperator() == OO_LessLess)) {
        LHS = OC->getArg(0);
        RHS = OC->getArg(1);
        Plain = OC->getOperator() == OO_Equal;
      } else if (OC->getOperator() == OO_Call && OC->getNumArgs() >= 1) {
        Callee = OC->getArg(0);
      }
    }
    if (LHS) {
      const auto *L = dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts());
      if (Plain && L && L->getDecl() == V) {
        F.KillRefs.insert(L);
        F.Kills.insert(E);
      } else if (mentions(RHS, V) && isOutsideFrame(LHS)) {
        F.Deliveries.insert(E);
      }
      continue;
    }
    const auto *C = dyn_cast<CallExpr>(E);
    if (!C)
      continue;
    // Calls that are themselves awaited are suspensions, not deliveries.
    bool Awaited = false;
    for (const Stmt *A = PM->getParent(C); A; A = PM->getParent(A)) {
      if (isa<CoroutineSuspendExpr>(A)) {
        Awaited = true;
        break;
      }
      if (isa<CompoundStmt>(A))
        break;
    }
    if (Awaited || Cache.model().asyncOp(C))
      continue;
    // The data itself must be handed over (v, std::move(v)), not something
    // computed from it: printf("%s", m.c_str()) only looks at it.
    bool Passes = false;
    for (unsigned I = 0, N = C->getNumArgs(); I < N; ++I) {
      if (Callee && I == 0)
        continue;
      const auto *DRE =
          dyn_cast<DeclRefExpr>(ast::unwrap(C->getArg(I))->IgnoreParenImpCasts());
      if (DRE && DRE->getDecl() == V)
        Passes = true;
    }
    if (!Passes)
      continue;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      if (isOutsideFrame(MC->getImplicitObjectArgument()))
        F.Deliveries.insert(C);
      continue;
    }
    if (Callee) {
      if (isOutsideFrame(Callee))
        F.Deliveries.insert(C);
      continue;
    }
    // A free function called for its effect (its result discarded) hands
    // the data on: deliver(msg); std::memcpy(out, buf, n);
    const Stmt *P = parentSkippingWrappers(*PM, C);
    if (!P || isa<CompoundStmt>(P) || isa<CStyleCastExpr>(P))
      F.Deliveries.insert(C);
  }
  return F;
}

bool Analyzer::isKill(const Stmt *S, const ValueDecl *V, VarFacts &F) {
  if (F.Kills.count(S))
    return true;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      if (D == V)
        return true;
      if (const auto *DD = dyn_cast<DecompositionDecl>(D))
        if (llvm::is_contained(DD->bindings(), V))
          return true;
    }
  }
  return false;
}

bool Analyzer::isUse(const Stmt *S, const ValueDecl *V, VarFacts &F) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return DRE->getDecl() == V && !F.KillRefs.count(DRE);
  if (const auto *L = dyn_cast<LambdaExpr>(S))
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V)
        return true;
  return false;
}

void Analyzer::computeLiveness(const ValueDecl *V, VarFacts &F) {
  // Classic backward may-liveness on the CFG, for one variable.
  llvm::DenseMap<const CFGBlock *, bool> LiveIn;
  auto Transfer = [&](const CFGBlock *B, bool Live) {
    for (auto It = B->rbegin(); It != B->rend(); ++It) {
      auto CS = It->getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (isKill(S, V, F))
        Live = false;
      else if (isUse(S, V, F))
        Live = true;
    }
    return Live;
  };
  std::deque<const CFGBlock *> Work(Cfg->begin(), Cfg->end());
  llvm::DenseSet<const CFGBlock *> InWork(Cfg->begin(), Cfg->end());
  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    InWork.erase(B);
    bool OutLive = false;
    for (const CFGBlock *Succ : B->succs())
      if (Succ && LiveIn.lookup(Succ))
        OutLive = true;
    F.LiveOut[B] = OutLive;
    bool In = Transfer(B, OutLive);
    if (In && !LiveIn.lookup(B)) {
      LiveIn[B] = true;
      for (const CFGBlock *Pred : B->preds())
        if (Pred && InWork.insert(Pred).second)
          Work.push_back(Pred);
    }
  }
  F.LivenessDone = true;
}

bool Analyzer::liveAfter(Pos P, const ValueDecl *V) {
  VarFacts &F = factsFor(V);
  if (!F.LivenessDone)
    computeLiveness(V, F);
  unsigned I = 0;
  for (const CFGElement &E : *P.B) {
    if (I++ <= P.I)
      continue;
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      continue;
    if (isKill(CS->getStmt(), V, F))
      return false;
    if (isUse(CS->getStmt(), V, F))
      return true;
  }
  return F.LiveOut.lookup(P.B);
}

void Analyzer::findHazards(const Take &T) {
  // Delivering the data, or anything derived from it, hands it on.
  llvm::SmallPtrSet<const Stmt *, 8> Delivered;
  for (const Take &O : Out.Takes)
    if (O.At == T.At && O.Var)
      for (const Stmt *D : factsFor(O.Var).Deliveries)
        Delivered.insert(D);
  VarFacts &F = factsFor(T.Var); // after the lookups above: F stays valid
  // Where the data starts to be held: after the buffer read itself, or after
  // the declaration / assignment that stores the awaited value.
  Pos Start;
  if (T.HeldFrom) {
    auto It = StmtPos.find(T.HeldFrom);
    if (It == StmtPos.end())
      return;
    Start = It->second;
  } else if (T.IntoBuffer) {
    auto It = StmtPos.find(T.At);
    if (It == StmtPos.end())
      return;
    Start = It->second;
  } else {
    auto D = DeclPos.find(T.Var);
    const Stmt *Def = nullptr;
    if (D != DeclPos.end()) {
      Start = D->second;
    } else {
      // v = co_await ...: the assignment that has T.At on its right.
      for (const Stmt *A = PM->getParent(T.At); A; A = PM->getParent(A)) {
        if (F.Kills.count(A)) {
          Def = A;
          break;
        }
        if (isa<CompoundStmt>(A))
          break;
      }
      auto It = Def ? StmtPos.find(Def) : StmtPos.end();
      if (It == StmtPos.end())
        return;
      Start = It->second;
    }
  }

  // Forward from Start: the first real suspension reached with the data
  // neither overwritten nor delivered.
  llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
  std::deque<Pos> Work;
  Work.push_back({Start.B, Start.I + 1});
  llvm::SmallPtrSet<const Stmt *, 4> Reported;
  while (!Work.empty()) {
    Pos P = Work.front();
    Work.pop_front();
    bool Stop = false;
    unsigned I = 0;
    for (const CFGElement &E : *P.B) {
      if (I++ < P.I)
        continue;
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (Delivered.count(S) || (isKill(S, T.Var, F) && S != T.At)) {
        Stop = true;
        break;
      }
      const auto *SE = dyn_cast<CoroutineSuspendExpr>(S);
      // The take's own await: for the variable it fills, the next read;
      // for data derived from it, the next iteration's wait (held there).
      if (!SE || !RealSuspends.count(SE) || (SE == T.At && !T.derived()))
        continue;
      // The data is held across SE if SE's own operation carries it (a send
      // of the message) or it is needed after SE resumes.
      bool Held = mentions(operandOf(SE), T.Var, &F.KillRefs) ||
                  liveAfter(Pos{P.B, I - 1}, T.Var);
      if (Held && Reported.insert(SE).second)
        Out.Hazards.push_back({SE, T, false});
      Stop = true;
      break;
    }
    if (Stop)
      continue;
    for (const CFGBlock *Succ : P.B->succs())
      if (Succ && Seen.insert(Succ).second)
        Work.push_back({Succ, 0});
  }
}

void Analyzer::run() {
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody());
  if (!CB)
    return;
  Body = CB->getBody();
  PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  Index.TraverseStmt(const_cast<Stmt *>(Body));

  Cfg = Cache.cfgs().get(FD, Ctx);

  collectTakes();
  if (!Cfg)
    return;
  indexCfg();
  size_t First = Out.Hazards.size();
  for (const Take &T : std::vector<Take>(Out.Takes))
    if (T.Var)
      findHazards(T);
  keepFirstHazards(First);
}

/// One hazard per taken value (per take): at its first suspension in
/// source order; there, the variable the suspension itself carries, then
/// the shortest chain.
void Analyzer::keepFirstHazards(size_t From) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Hazard> Kept(Out.Hazards.begin(), Out.Hazards.begin() + From);
  std::vector<Hazard> Rest(Out.Hazards.begin() + From, Out.Hazards.end());
  auto Better = [&](const Hazard &A, const Hazard &B) {
    SourceLocation LA = A.Suspend->getBeginLoc(), LB = B.Suspend->getBeginLoc();
    if (LA != LB)
      return SM.isBeforeInTranslationUnit(LA, LB);
    bool CA = mentions(operandOf(A.Suspend), A.T.Var);
    bool CB = mentions(operandOf(B.Suspend), B.T.Var);
    if (CA != CB)
      return CA;
    return A.T.Chain.size() < B.T.Chain.size();
  };
  std::vector<const CoroutineSuspendExpr *> Order;
  llvm::DenseMap<const CoroutineSuspendExpr *, Hazard> Best;
  for (const Hazard &H : Rest) {
    auto [It, New] = Best.try_emplace(H.T.At, H);
    if (New)
      Order.push_back(H.T.At);
    else if (Better(H, It->second))
      It->second = H;
  }
  for (const CoroutineSuspendExpr *A : Order)
    Kept.push_back(Best.find(A)->second);
  Out.Hazards = std::move(Kept);
}

} // namespace

CfgCache::CfgCache() = default;
CfgCache::~CfgCache() = default;

const Stmt *CfgCache::bodyOf(const FunctionDecl *FD) {
  const Stmt *Body = FD ? FD->getBody() : nullptr;
  if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = CB->getBody();
  return Body;
}

const CFG *CfgCache::get(const FunctionDecl *FD, ASTContext &Ctx) {
  auto It = Cfgs.find(FD);
  if (It != Cfgs.end())
    return It->second.get();
  std::unique_ptr<CFG> &Slot = Cfgs[FD];
  if (const Stmt *Body = bodyOf(FD)) {
    CFG::BuildOptions Opts;
    Opts.setAllAlwaysAdd();
    Opts.AddImplicitDtors = true;
    Slot = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, Opts);
  }
  return Slot.get();
}

const CoroutineSummary &SummaryCache::get(const FunctionDecl *Def) {
  auto It = Cache.find(Def);
  if (It != Cache.end())
    return *It->second;
  // Insert first: a recursive coroutine sees an empty summary of itself.
  auto &Slot = Cache[Def];
  Slot = std::make_unique<CoroutineSummary>();
  Slot->FD = Def;
  CoroutineSummary *S = Slot.get();
  Analyzer(Def, Ctx, *this, *S).run();
  return *S;
}

} // namespace corosafe

// --- FrameFlow -------------------------------------------------------------------

namespace corosafe {
namespace {

/// Variables declared in a body, not in nested lambdas.
struct LocalsIndex : RecursiveASTVisitor<LocalsIndex> {
  std::vector<const VarDecl *> Locals;
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (!isa<ParmVarDecl>(V) && !isa<DecompositionDecl>(V))
      Locals.push_back(V);
    return true;
  }
};

enum class Step { Continue, StopPath, Found };

} // namespace

struct FrameFlow::Impl {
  const Stmt *Body = nullptr;
  const CFG *Cfg = nullptr;
  llvm::DenseMap<const Stmt *, Pos> StmtPos;
  std::vector<const CoroutineSuspendExpr *> Suspensions;
  llvm::SmallPtrSet<const Stmt *, 16> Real;
  std::vector<const VarDecl *> Locals;

  /// Breadth-first over the elements after \p From (or from the entry when
  /// From is null), calling Visit on each element; a path ends at StopPath.
  template <typename Fn> bool walk(const Stmt *From, Fn Visit) const {
    Pos Start;
    if (From) {
      auto It = StmtPos.find(From);
      if (It == StmtPos.end())
        return false;
      Start = {It->second.B, It->second.I + 1};
    } else {
      Start = {&Cfg->getEntry(), 0};
    }
    llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
    std::deque<Pos> Work{Start};
    while (!Work.empty()) {
      Pos P = Work.front();
      Work.pop_front();
      bool Stop = false;
      for (unsigned I = P.I; I < P.B->size(); ++I) {
        Step S = Visit((*P.B)[I]);
        if (S == Step::Found)
          return true;
        if (S == Step::StopPath) {
          Stop = true;
          break;
        }
      }
      if (Stop)
        continue;
      for (const CFGBlock *Succ : P.B->succs())
        if (Succ && Seen.insert(Succ).second)
          Work.push_back({Succ, 0});
    }
    return false;
  }
};

static bool declares(const Stmt *S, const VarDecl *V) {
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (D == V)
        return true;
  return false;
}

static bool usesVar(const Stmt *S, const VarDecl *V) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return DRE->getDecl() == V;
  if (const auto *L = dyn_cast<LambdaExpr>(S))
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCapturedVar() == V)
        return true;
  return false;
}

FrameFlow::FrameFlow(const FunctionDecl *FD, ASTContext &Ctx,
                     const model::CoroModel &M, CfgCache &Cfgs)
    : FD(FD), P(std::make_unique<Impl>()) {
  if (!FD || !FD->hasBody() || FD->isDependentContext())
    return;
  const Stmt *Body = FD->getBody();
  if (const auto *CB = dyn_cast<CoroutineBodyStmt>(Body))
    Body = CB->getBody();
  P->Body = Body;
  BodyIndex Index;
  Index.TraverseStmt(const_cast<Stmt *>(Body));
  for (const CoroutineSuspendExpr *S : Index.Suspends) {
    if (isa<CoawaitExpr>(S) &&
        !M.suspends(cast<CoawaitExpr>(S)->getOperand()))
      continue;
    if (P->Real.insert(S).second)
      P->Suspensions.push_back(S);
  }
  LocalsIndex LI;
  LI.TraverseStmt(const_cast<Stmt *>(Body));
  P->Locals = std::move(LI.Locals);

  P->Cfg = Cfgs.get(FD, Ctx);
  if (!P->Cfg)
    return;
  for (const CFGBlock *B : *P->Cfg) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>())
        P->StmtPos.try_emplace(CS->getStmt(), Pos{B, I});
      ++I;
    }
  }
}

FrameFlow::~FrameFlow() = default;

bool FrameFlow::valid() const { return P->Cfg != nullptr; }

const std::vector<const CoroutineSuspendExpr *> &
FrameFlow::suspensions() const {
  return P->Suspensions;
}

const std::vector<const VarDecl *> &FrameFlow::locals() const {
  return P->Locals;
}

std::optional<FrameFlow::Use> FrameFlow::nextUse(const Stmt *After,
                                                 const VarDecl *V,
                                                 bool CountDtor) const {
  if (!valid())
    return std::nullopt;
  std::optional<Use> Found;
  P->walk(After, [&](const CFGElement &E) {
    if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
      if (D->getVarDecl() != V)
        return Step::Continue;
      if (!CountDtor)
        return Step::StopPath;
      SourceLocation L = D->getTriggerStmt()->getEndLoc();
      Found = Use{SourceRange(L), true};
      return Step::Found;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return Step::Continue;
    const Stmt *S = CS->getStmt();
    if (declares(S, V))
      return Step::StopPath;
    if (usesVar(S, V)) {
      Found = Use{S->getSourceRange(), false};
      return Step::Found;
    }
    return Step::Continue;
  });
  return Found;
}

bool FrameFlow::heldAt(const VarDecl *V, llvm::ArrayRef<const Stmt *> Gens,
                       const llvm::SmallPtrSetImpl<const Stmt *> &Kills,
                       const Stmt *Target) const {
  if (!valid())
    return false;
  for (const Stmt *G : Gens) {
    bool Reached = P->walk(G, [&](const CFGElement &E) {
      if (auto D = E.getAs<CFGAutomaticObjDtor>())
        return D->getVarDecl() == V ? Step::StopPath : Step::Continue;
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        return Step::Continue;
      const Stmt *S = CS->getStmt();
      if (S == Target)
        return Step::Found;
      if (Kills.count(S) || declares(S, V))
        return Step::StopPath;
      return Step::Continue;
    });
    if (Reached)
      return true;
  }
  return false;
}

std::vector<const CoroutineSuspendExpr *>
FrameFlow::nextSuspensions(const Stmt *After) const {
  std::vector<const CoroutineSuspendExpr *> Out;
  if (!valid())
    return Out;
  P->walk(After, [&](const CFGElement &E) {
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return Step::Continue;
    const auto *SE = dyn_cast<CoroutineSuspendExpr>(CS->getStmt());
    if (!SE || !P->Real.count(SE) || SE == After)
      return Step::Continue;
    if (!llvm::is_contained(Out, SE))
      Out.push_back(SE);
    return Step::StopPath;
  });
  return Out;
}

SourceLocation FrameFlow::endOfBody() const {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(P->Body))
    return CS->getRBracLoc();
  return P->Body ? P->Body->getEndLoc() : SourceLocation();
}

} // namespace corosafe
