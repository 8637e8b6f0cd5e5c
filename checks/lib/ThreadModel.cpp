//===- ThreadModel.cpp - types and executors for thread affinity ---------===//
#include "ThreadModel.h"
#include "model/AstUtil.h"
#include "corosafe/LlvmCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace corosafe {
namespace thread {

// --- types --------------------------------------------------------------------

static std::string typeName(QualType T) {
  LangOptions LO;
  LO.CPlusPlus = LO.CPlusPlus11 = true;
  PrintingPolicy PP(LO);
  PP.SuppressTagKeyword = true;
  PP.FullyQualifiedName = true;
  return T.getCanonicalType().getUnqualifiedType().getAsString(PP);
}

/// The types a class holds by value: the element types of the standard
/// wrappers and containers, the fields and bases of other classes. Library
/// classes other than those wrappers are opaque (assumed to hold nothing of
/// interest). Returns false when RD is opaque.
static bool heldTypes(const model::CoroModel &M, const CXXRecordDecl *RD,
                      llvm::SmallVectorImpl<QualType> &Out) {
  if (M.isWrapper(RD)) {
    const auto *CTS = cast<ClassTemplateSpecializationDecl>(RD);
    std::function<void(const TemplateArgument &)> Add =
        [&](const TemplateArgument &A) {
          if (A.getKind() == TemplateArgument::Type)
            Out.push_back(A.getAsType());
          else if (A.getKind() == TemplateArgument::Pack)
            for (const TemplateArgument &P : A.pack_elements())
              Add(P);
        };
    for (const TemplateArgument &A : CTS->getTemplateArgs().asArray())
      Add(A);
    return true;
  }
  if (M.isOpaque(RD))
    return false;
  if (!RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const CXXBaseSpecifier &B : RD->bases())
    Out.push_back(B.getType());
  for (const FieldDecl *F : RD->fields())
    Out.push_back(F->getType());
  return true;
}

static const CXXRecordDecl *byValueRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getCanonicalType();
  while (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    T = AT->getElementType().getCanonicalType();
  if (T->isReferenceType() || T->isPointerType())
    return nullptr;
  return T->getAsCXXRecordDecl();
}

std::optional<std::string> TypeModel::nonSendLeaf(const CXXRecordDecl *RD) {
  if (std::optional<std::string> Why = M.notSend(RD))
    return "'" + typeName(QualType(typeOfRecord(RD), 0)) + "' " + *Why;
  return std::nullopt;
}

std::optional<std::string> TypeModel::nonSend(QualType QT) {
  const CXXRecordDecl *RD = byValueRecord(QT);
  if (!RD)
    return std::nullopt;
  const Type *Key = typeOfRecord(RD);
  auto It = NonSendCache.find(Key);
  if (It != NonSendCache.end())
    return It->second.Reason; // also breaks cycles (not Done yet: Send)
  NonSendCache[Key] = Entry();
  std::optional<std::string> Reason = nonSendLeaf(RD);
  if (!Reason) {
    llvm::SmallVector<QualType, 8> Held;
    heldTypes(M, RD, Held);
    for (QualType H : Held) {
      if (auto Inner = nonSend(H)) {
        Reason = "'" + typeName(QualType(Key, 0)) + "' holds a value of " +
                 "non-Send type: " + *Inner;
        break;
      }
    }
  }
  Entry &E = NonSendCache[Key];
  E.Done = true;
  E.Reason = Reason;
  return Reason;
}

Bound TypeModel::boundLeaf(const CXXRecordDecl *RD, std::string &Why) {
  std::string Reason;
  Bound B = M.threadBound(RD, Reason);
  if (B != Bound::None)
    Why = "'" + typeName(QualType(typeOfRecord(RD), 0)) + "' " + Reason;
  return B;
}

Bound TypeModel::threadBound(QualType QT, std::string *Why) {
  const CXXRecordDecl *RD = byValueRecord(QT);
  if (!RD)
    return Bound::None;
  const Type *Key = typeOfRecord(RD);
  auto It = BoundCache.find(Key);
  if (It != BoundCache.end()) {
    if (Why && It->second.Reason)
      *Why = *It->second.Reason;
    return It->second.B;
  }
  BoundCache[Key] = Entry();
  std::string Reason;
  Bound B = boundLeaf(RD, Reason);
  if (B == Bound::None) {
    llvm::SmallVector<QualType, 8> Held;
    heldTypes(M, RD, Held);
    for (QualType H : Held) {
      std::string Inner;
      Bound IB = threadBound(H, &Inner);
      if (IB != Bound::None) {
        B = IB;
        Reason = "'" + typeName(QualType(Key, 0)) + "' holds " + Inner;
        break;
      }
    }
  }
  Entry &E = BoundCache[Key];
  E.Done = true;
  E.B = B;
  if (B != Bound::None)
    E.Reason = Reason;
  if (Why && B != Bound::None)
    *Why = Reason;
  return B;
}

const VarDecl *threadLocalTarget(const VarDecl *V) {
  if (!V || !V->getInit() ||
      !(V->getType()->isReferenceType() || V->getType()->isPointerType()))
    return nullptr;
  const Expr *E = V->getInit();
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_AddrOf)
        return nullptr;
      E = UO->getSubExpr();
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *T = dyn_cast<VarDecl>(DRE->getDecl());
      if (!T)
        return nullptr;
      if (T->getTLSKind() != VarDecl::TLS_None)
        return T;
      if (T != V && T->getType()->isReferenceType())
        return threadLocalTarget(T); // int &a = tls; int &b = a;
      return nullptr;
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

// --- executors ----------------------------------------------------------------

std::string describe(ExecKind K) {
  switch (K) {
  case ExecKind::Single:
    return "a single-thread executor";
  case ExecKind::Strand:
    return "a serializing executor";
  case ExecKind::Multi:
    return "a multi-thread executor";
  case ExecKind::Inherit:
    return "the spawner's executor";
  case ExecKind::Unknown:
    break;
  }
  return "an executor of unknown kind";
}

bool Home::mayChangeThread() const { return multiFact() != nullptr; }

bool Home::unknown() const {
  if (mayChangeThread())
    return false;
  if (Facts.empty())
    return true;
  return llvm::any_of(Facts,
                      [](const ExecFact &F) { return F.Kind != ExecKind::Single; });
}

bool Home::singleOnly() const {
  return !Facts.empty() && llvm::all_of(Facts, [](const ExecFact &F) {
    return F.Kind == ExecKind::Single;
  });
}

const ExecFact *Home::multiFact() const {
  for (const ExecFact &F : Facts)
    if (F.Kind == ExecKind::Multi || F.Kind == ExecKind::Strand)
      return &F;
  return nullptr;
}

const ExecFact *Home::anyFact() const {
  if (const ExecFact *M = multiFact())
    return M;
  return Facts.empty() ? nullptr : &Facts.front();
}

void ExecutorModel::registerMatchers(MatchFinder &Finder) {
  auto InUserCode = unless(isExpansionInSystemHeader());
  // Spawns: by the profiles' names, or marked COROSAFE_SPAWN.
  std::vector<std::string> Spawns = M.spawnNames();
  Finder.addMatcher(
      callExpr(anyOf(callee(functionDecl(anyOf(hasAnyName(ast::refs(Spawns)),
                                               hasAttr(attr::Annotate)))),
                     // a function object (stdexec's starts_on)
                     cxxOperatorCallExpr(
                         hasOverloadedOperatorName("()"),
                         hasArgument(0, ignoringParenImpCasts(declRefExpr(to(
                                            varDecl(hasAnyName(ast::refs(Spawns))))))))),
               InUserCode, optionally(forFunction(functionDecl().bind("fn"))))
          .bind("spawn"),
      this);
  std::vector<std::string> Runs = M.runMethodNames();
  if (!Runs.empty())
    Finder.addMatcher(
        cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName(ast::refs(Runs)))), InUserCode)
            .bind("run"),
        this);
  Finder.addMatcher(functionDecl(isDefinition(), InUserCode).bind("def"),
                    this);
}

void ExecutorModel::run(const MatchFinder::MatchResult &R) {
  if (const auto *C = R.Nodes.getNodeAs<CallExpr>("spawn")) {
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (Fn && Fn->isDependentContext())
      return; // templates are analyzed in their instantiations
    if (M.spawn(C))
      Spawns.push_back({C, R.Nodes.getNodeAs<FunctionDecl>("fn")});
    return;
  }
  if (const auto *MC = R.Nodes.getNodeAs<CXXMemberCallExpr>("run")) {
    addRunCall(MC, *R.Context);
    return;
  }
  if (const auto *FD = R.Nodes.getNodeAs<FunctionDecl>("def")) {
    if (!FD->isDependentContext() && isa_and_nonnull<CoroutineBodyStmt>(FD->getBody()) &&
        !llvm::is_contained(Coroutines, FD))
      Coroutines.push_back(FD);
  }
}

static const VarDecl *contextVar(const Expr *E) {
  E = ast::unwrap(E);
  // Executors passed by address (folly, async_simple: `&pool`).
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      E = ast::unwrap(UO->getSubExpr());
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

void ExecutorModel::addRunCall(const CXXMemberCallExpr *MC, ASTContext &Ctx) {
  const VarDecl *V = contextVar(MC->getImplicitObjectArgument());
  if (!V || !M.runCall(MC))
    return;
  // Directly in a function: the thread that calls it (counted once). In a
  // lambda (a std::thread / std::jthread body): one more thread, or several
  // when the lambda is created in a loop.
  bool Lambda = false, InLoop = false;
  auto IsLambdaOperator = [](const FunctionDecl *FD) {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    return MD && MD->getParent()->isLambda();
  };
  DynTypedNodeList Parents = Ctx.getParents(*MC);
  for (int Steps = 0; !Parents.empty() && Steps < 64; ++Steps) {
    const DynTypedNode N = Parents[0];
    if (N.get<LambdaExpr>()) {
      Lambda = true;
    } else if (const auto *FD = N.get<FunctionDecl>()) {
      if (IsLambdaOperator(FD))
        Lambda = true;
      else
        break;
    } else if (N.get<TranslationUnitDecl>()) {
      break;
    } else if (Lambda && (N.get<ForStmt>() || N.get<WhileStmt>() ||
                          N.get<DoStmt>() || N.get<CXXForRangeStmt>())) {
      InLoop = true;
      break;
    }
    Parents = Ctx.getParents(N);
  }
  unsigned &Count = Runners[V];
  if (!Lambda) {
    Count |= 1; // the bit 0: a direct caller
    return;
  }
  Count += InLoop ? 4 : 2; // the other bits: threads, in steps of 2
}

unsigned ExecutorModel::runners(const VarDecl *IoContext) const {
  unsigned Raw = Runners.lookup(IoContext);
  return (Raw & 1) + (Raw >> 1);
}

ExecFact ExecutorModel::classify(const Expr *E) const { return classify(E, 0); }

static std::string article(const std::string &S) {
  bool Vowel = !S.empty() && std::string("aeiou").find(S[0]) != std::string::npos;
  return (Vowel ? "an " : "a ") + S;
}

ExecFact ExecutorModel::fromRow(ExecKind K, const ExecutorRow *Row) const {
  ExecFact F;
  F.Kind = K;
  F.What = Row && !Row->Describe.empty() ? Row->Describe : describe(K);
  return F;
}

ExecFact ExecutorModel::classify(const Expr *E, int Depth) const {
  ExecFact F;
  F.What = describe(ExecKind::Unknown);
  E = ast::unwrap(E);
  if (!E || Depth > 3)
    return F;
  if (const auto *A = dyn_cast<CoawaitExpr>(E)) {
    if (M.yieldsCurrentExecutor(A->getOperand())) {
      F.Kind = ExecKind::Inherit;
      F.What = describe(ExecKind::Inherit);
    }
    return F;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    if (M.isExecutorGetter(MC->getMethodDecl()))
      return classify(MC->getImplicitObjectArgument(), Depth + 1);
  }
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    model::ExecutorClass EC = M.executorFactory(C);
    if (EC.Kind == model::ExecutorKind::Serial)
      return fromRow(ExecKind::Strand, EC.Row);
    if (EC.Kind == model::ExecutorKind::Multi)
      return fromRow(ExecKind::Multi, EC.Row);
    if (EC.Kind == model::ExecutorKind::Single)
      return fromRow(ExecKind::Single, EC.Row);
  }
  if (const VarDecl *V = contextVar(E)) {
    model::ExecutorClass EC = M.executorOfType(V->getType());
    switch (EC.Kind) {
    case model::ExecutorKind::Counted: {
      std::string Name = EC.Row->Describe.empty() ? "execution context"
                                                  : EC.Row->Describe;
      if (isa<ParmVarDecl>(V) || V->getType()->isReferenceType() ||
          V->getType()->isPointerType()) {
        F.What = article(Name) + " run elsewhere";
        return F;
      }
      F.Context = V;
      unsigned N = runners(V);
      if (N >= 2) {
        F.Kind = ExecKind::Multi;
        F.What = article(Name) + " run by several threads";
      } else {
        F.Kind = ExecKind::Single;
        F.What = "a single-thread " + Name;
      }
      return F;
    }
    case model::ExecutorKind::Multi:
      return fromRow(ExecKind::Multi, EC.Row);
    case model::ExecutorKind::Serial:
      return fromRow(ExecKind::Strand, EC.Row);
    case model::ExecutorKind::Single: {
      // One thread of its own: the same variable is the same thread.
      ExecFact S = fromRow(ExecKind::Single, EC.Row);
      if (!isa<ParmVarDecl>(V) && !V->getType()->isReferenceType() &&
          !V->getType()->isPointerType())
        S.Context = V;
      return S;
    }
    default:
      if (V->getInit() && !isa<ParmVarDecl>(V))
        return classify(V->getInit(), Depth + 1);
      return F;
    }
  }
  model::ExecutorClass EC = M.executorOfType(E->getType());
  if (EC.Kind == model::ExecutorKind::Multi)
    return fromRow(ExecKind::Multi, EC.Row);
  if (EC.Kind == model::ExecutorKind::Serial)
    return fromRow(ExecKind::Strand, EC.Row);
  if (EC.Kind == model::ExecutorKind::Single)
    return fromRow(ExecKind::Single, EC.Row);
  return F;
}

namespace {
/// The coroutines a coroutine awaits directly (not through a spawn).
struct AwaitEdges : RecursiveASTVisitor<AwaitEdges> {
  const model::CoroModel &M;
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  explicit AwaitEdges(const model::CoroModel &M) : M(M) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *A) {
    const Expr *Op = ast::unwrap(A->getOperand());
    if (M.spawn(dyn_cast_or_null<CallExpr>(Op)))
      return true;
    if (const FunctionDecl *Callee = M.calledCoroutine(Op))
      if (!llvm::is_contained(Callees, Callee))
        Callees.push_back(Callee);
    return true;
  }
};

bool sameFact(const ExecFact &A, const ExecFact &B) {
  return A.Kind == B.Kind && A.Site == B.Site;
}
} // namespace

void ExecutorModel::finish(ASTContext &Ctx) {
  (void)Ctx;
  std::vector<std::pair<const FunctionDecl *, const FunctionDecl *>> Edges;
  for (const Spawn &S : Spawns) {
    const FunctionDecl *Callee = M.spawnedCoroutine(S.Call);
    std::optional<model::SpawnCall> SC = M.spawn(S.Call);
    if (!Callee || !SC || !SC->Executor)
      continue;
    ExecFact F = classify(SC->Executor);
    F.Site = S.Call->getSourceRange();
    F.Spawned = ast::displayName(Callee);
    if (F.Kind == ExecKind::Inherit) {
      if (S.Spawner)
        Edges.push_back({S.Spawner->getCanonicalDecl(), Callee});
      continue;
    }
    Home &H = Homes[Callee];
    if (!llvm::any_of(H.Facts, [&](const ExecFact &G) { return sameFact(F, G); }))
      H.Facts.push_back(F);
  }
  for (const FunctionDecl *C : Coroutines)
    if (std::optional<std::string> Why = M.singleThreadCoroutine(C)) {
      ExecFact F;
      F.Kind = ExecKind::Single;
      F.What = *Why;
      F.Spawned = ast::displayName(C);
      SingleThread[C].Facts.push_back(F);
    }
  for (const FunctionDecl *C : Coroutines) {
    AwaitEdges AE(M);
    AE.TraverseStmt(const_cast<Stmt *>(C->getBody()));
    for (const FunctionDecl *Callee : AE.Callees)
      Edges.push_back({C, Callee});
  }
  // Spawn-site lookups go by definition; edges may name a declaration.
  for (auto &[From, To] : Edges) {
    if (const FunctionDecl *D = ast::coroutineDefinition(From))
      From = D;
  }
  bool Changed = true;
  for (int Round = 0; Changed && Round < 16; ++Round) {
    Changed = false;
    for (auto &[From, To] : Edges) {
      if (From == To)
        continue;
      auto It = Homes.find(From);
      if (It == Homes.end())
        continue;
      std::vector<ExecFact> Add = It->second.Facts;
      Home &H = Homes[To];
      for (const ExecFact &F : Add) {
        if (H.Facts.size() >= 8)
          break;
        if (!llvm::any_of(H.Facts,
                          [&](const ExecFact &G) { return sameFact(F, G); })) {
          H.Facts.push_back(F);
          Changed = true;
        }
      }
    }
  }
}

const Home &ExecutorModel::home(const FunctionDecl *Coro) const {
  auto It = Homes.find(Coro);
  // A coroutine type that stays on the thread that started it, unless the
  // TU shows it started on (or awaited from) a multi-thread executor.
  if (auto S = SingleThread.find(Coro); S != SingleThread.end())
    if (It == Homes.end() || !It->second.mayChangeThread())
      return S->second;
  return It == Homes.end() ? Empty : It->second;
}

} // namespace thread
} // namespace corosafe
