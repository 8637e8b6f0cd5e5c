//===- CoroModel.cpp - the framework-neutral coroutine model --------------===//
//
// Every question is answered by walking the compiled rows of the active
// profiles in order (built-ins, files, user): the first row that matches
// wins. Declarations are matched by their qualified path (DeclMatch.h);
// COROSAFE_* annotations are the same rows written on the declaration.
//
//===----------------------------------------------------------------------===//
#include "CoroModel.h"
#include "AstUtil.h"
#include "Hooks.h"
#include "corosafe/LlvmCompat.h"

#include "corosafe/ProfileLoader.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringExtras.h"

#include <map>
#include <set>

using namespace clang;

namespace corosafe {
namespace model {

namespace {

constexpr const char *AnnotBounded = "corosafe::channel_bounded";
constexpr const char *AnnotUnbounded = "corosafe::channel_unbounded";
constexpr const char *AnnotSend = "corosafe::channel_send";
constexpr const char *AnnotTrySend = "corosafe::channel_try_send";
constexpr const char *AnnotReceive = "corosafe::channel_receive";
constexpr const char *AnnotNotSend = "corosafe::not_send";
constexpr const char *AnnotThreadBound = "corosafe::thread_bound";
constexpr const char *AnnotCapacity = "corosafe::channel_capacity";
constexpr const char *AnnotSelect = "corosafe::select";
constexpr const char *AnnotSelectAll = "corosafe::select_all";
constexpr const char *AnnotSpawn = "corosafe::spawn";
constexpr const char *AnnotExecutorMulti = "corosafe::executor_multi";
constexpr const char *AnnotExecutorSerial = "corosafe::executor_serial";
constexpr const char *AnnotHop = "corosafe::hop";
constexpr const char *AnnotNoData = "corosafe::no_data";
constexpr const char *AnnotDerivesFrom = "corosafe::derives_from";
constexpr const char *AnnotCancelSafe = "corosafe::cancel_safe";
constexpr const char *AnnotCancelUnsafe = "corosafe::cancel_unsafe";

/// A member name "Class::fn" split into the class and the method, or a bare
/// method name (any class in the namespaces).
struct MemberNames {
  NameSet Bare;                                  ///< matched on the method
  std::vector<std::pair<NameSet, NameSet>> ByObject; ///< class, method
  void add(const NameList &L, const std::vector<std::string> &NS) {
    for (const std::string &N : L) {
      StringRef S(N);
      size_t Sep = S.rfind("::");
      if (Sep == StringRef::npos || (S.starts_with("::") && Sep == 0)) {
        Bare.add({N}, NS);
        continue;
      }
      NameSet Class, Method;
      Class.add({S.substr(0, Sep).str()}, NS);
      Method.add({S.substr(Sep + 2).str()}, {});
      ByObject.emplace_back(std::move(Class), std::move(Method));
    }
  }
  bool empty() const { return Bare.empty() && ByObject.empty(); }
};

struct CAwait {
  const AwaitRow *Row;
  NameSet Call, Type;
  MemberNames Member;
  int IntoFirst = 0, IntoLast = -1;
  bool HasInto = false;
};
struct CSelect {
  const SelectRow *Row;
  NameSet Call, Operator, Member, When, From, Lossless;
  NameSet WhenTemplate; ///< when-template-argument0
};
struct CChannel {
  const ChannelRow *Row;
  std::string Origin;
  NameSet Types, Send, TrySend, Receive, TryReceive;
  bool Annotated = false; ///< types come from annotations
};
struct CSpawn {
  const SpawnRow *Row;
  NameSet Call;
};
struct CBoundary {
  const BoundaryRow *Row;
  NameSet Call, Construct;
};
struct CExecutor {
  const ExecutorRow *Row;
  NameSet Types, Factory, Run;
};
struct CHop {
  const HopRow *Row;
  const Profile *From;
  NameSet Token, Inner, Call;
};
struct CType {
  const TypeRow *Row;
  NameSet Types;
};
struct CFlow {
  const FlowRow *Row;
  NameSet Call;
  MemberNames Member;
  bool FromQualifier = false;
  int FromFirst = 0, FromLast = -1;
  int To = CoroModel::ReturnValue;
  bool Derives = true;
};
struct CToken {
  const TokenRow *Row;
  NameSet Type;
};

ExecutorKind kindOf(const std::string &K) {
  if (K == "multi")
    return ExecutorKind::Multi;
  if (K == "serial")
    return ExecutorKind::Serial;
  if (K == "counted")
    return ExecutorKind::Counted;
  if (K == "single")
    return ExecutorKind::Single;
  return ExecutorKind::Unknown;
}

/// Collects frame-local variables named in a buffer argument; an error
/// code (bound by a token wrapper or passed as an out-parameter) receives
/// no data.
struct IntoVarCollector : RecursiveASTVisitor<IntoVarCollector> {
  llvm::SmallVector<const VarDecl *, 2> &Out;
  const CoroModel &M;
  IntoVarCollector(llvm::SmallVector<const VarDecl *, 2> &O,
                   const CoroModel &M)
      : Out(O), M(M) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (ast::isFrameLocal(V) &&
          !V->getType()->isIntegralOrEnumerationType() &&
          !M.isErrorType(V->getType()) &&
          llvm::find(Out, V) == Out.end())
        Out.push_back(V);
    return true;
  }
};

/// An argument position from a row, resolved against \p N arguments.
int resolveArg(int Pos, int N) { return Pos < 0 ? N + Pos : Pos; }

} // namespace

struct CoroModel::Impl {
  mutable PathCache Paths;
  std::vector<CAwait> Awaits;
  std::vector<CSelect> Selects;
  std::vector<CChannel> Channels;
  std::vector<CSpawn> Spawns;
  std::vector<CBoundary> Boundaries;
  std::vector<CExecutor> Executors;
  NameSet Getters;
  std::vector<CHop> Hops;
  std::vector<CType> NotSend, Locks, ThreadBound, SingleThread;
  std::vector<CFlow> Flows;
  std::vector<CToken> Tokens;
  /// Coroutine definitions whose awaits all complete at once (by depth
  /// left when computed; absent: not computed yet).
  mutable llvm::DenseMap<const FunctionDecl *, bool> NeverSuspends;
  NameSet ErrorTypes, Wrappers, Eager;
  NameSet AsyncMutexes; ///< guards over these are not thread-bound
  std::vector<std::vector<std::string>> Opaque;
  /// The profiles' namespaces (absolute paths): library code.
  std::vector<std::vector<std::string>> Libraries;
  /// Per namespace declaration: inside a library namespace (1), enclosing
  /// one (2), neither (0).
  mutable llvm::DenseMap<const NamespaceDecl *, int> NamespaceRoles;
  /// Rows made for annotated declarations (COROSAFE_SELECT,
  /// COROSAFE_EXECUTOR_*), by name: rows are referred to by pointer.
  mutable std::map<std::string, std::unique_ptr<SelectRow>> AnnotSelects;
  mutable std::map<std::string, std::unique_ptr<ExecutorRow>> AnnotExecutors;
  const SelectRow *annotatedSelect(const FunctionDecl *FD, bool All) const {
    std::string Name = FD->getName().str();
    std::unique_ptr<SelectRow> &R = AnnotSelects[(All ? "all:" : "one:") + Name];
    if (!R) {
      R = std::make_unique<SelectRow>();
      R->Cancels = "losers";
      R->Results = All ? "all" : "first-only";
      R->Spelling = "'" + Name + "'";
      if (!All)
        R->LossyBecause = "'" + Name + "' returns only the winner's result";
    }
    return R.get();
  }
  const ExecutorRow *annotatedExecutor(const CXXRecordDecl *RD,
                                       const char *Kind) const {
    std::string Name = RD->getName().str();
    std::unique_ptr<ExecutorRow> &R = AnnotExecutors[Name + "@" + Kind];
    if (!R) {
      R = std::make_unique<ExecutorRow>();
      R->Kind = Kind;
      R->Describe = StringRef(Kind) == "multi"
                        ? "a multi-thread '" + Name + "'"
                        : "'" + Name + "' (one thread at a time)";
    }
    return R.get();
  }
  /// Every profile namespace, for "declared in the framework" tests.
  std::vector<std::pair<const Profile *, NameSet>> Namespaces;

  bool matches(const NameSet &S, const NamedDecl *D) const {
    return S.matches(D, Paths);
  }
  bool matchesRecord(const NameSet &S, const CXXRecordDecl *RD) const {
    if (!RD || S.empty())
      return false;
    if (const auto *CTS = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (const ClassTemplateDecl *T = CTS->getSpecializedTemplate())
        return S.matches(T->getTemplatedDecl(), Paths);
    return S.matches(RD, Paths);
  }
  /// D is declared inside one of P's namespaces (at any depth).
  bool inProfile(const Profile *P, const NamedDecl *D) const {
    if (!D)
      return false;
    ArrayRef<std::string> Path = Paths.pathOf(D);
    for (const std::string &NS : P->Namespaces) {
      llvm::SmallVector<StringRef, 4> Parts;
      StringRef(NS).split(Parts, "::");
      if (Path.size() <= Parts.size())
        continue;
      bool Ok = true;
      for (size_t I = 0; I < Parts.size() && Ok; ++I)
        Ok = Path[I] == Parts[I];
      if (Ok)
        return true;
    }
    return false;
  }
  bool memberMatches(const MemberNames &M, const CXXMemberCallExpr *MC,
                     const CXXMethodDecl *MD) const {
    if (matches(M.Bare, MD))
      return true;
    if (M.ByObject.empty())
      return false;
    std::string Own = ownName(MD);
    const CXXRecordDecl *Obj = objectRecord(MC);
    for (const auto &[Class, Method] : M.ByObject)
      if (Method.matchesSimple(Own) && matchesRecord(Class, Obj))
        return true;
    return false;
  }
  /// The class of a member call's object (not the class declaring the
  /// method: channel operations are inherited from detail bases).
  static const CXXRecordDecl *objectRecord(const CXXMemberCallExpr *Call) {
    const Expr *Obj = Call->getImplicitObjectArgument();
    if (!Obj)
      return nullptr;
    QualType T = Obj->IgnoreParenImpCasts()->getType();
    if (const auto *ME =
            dyn_cast_or_null<MemberExpr>(Call->getCallee()->IgnoreParens()))
      if (ME->isArrow() && !T->getPointeeType().isNull())
        T = T->getPointeeType();
    return ast::recordOf(T);
  }
};

CoroModel::CoroModel(std::shared_ptr<const ProfileSet> Profiles)
    : Set(std::move(Profiles)), P(std::make_unique<Impl>()) {
  for (const Profile &Pr : Set->Profiles) {
    const std::vector<std::string> &NS = Pr.Namespaces;
    for (const std::string &N : NS) {
      llvm::SmallVector<StringRef, 4> Parts;
      StringRef(N).split(Parts, "::");
      std::vector<std::string> Path;
      for (StringRef X : Parts)
        if (!X.empty())
          Path.push_back(X.str());
      if (!Path.empty())
        P->Libraries.push_back(std::move(Path));
    }
    NameSet NSSet;
    P->Namespaces.push_back({&Pr, std::move(NSSet)});
    for (const AwaitRow &R : Pr.Awaits) {
      CAwait C;
      C.Row = &R;
      C.Call.add(R.Call, NS);
      C.Type.add(R.Type, NS);
      C.Member.add(R.Member, NS);
      if (!R.Into.empty())
        C.HasInto = parseArgRange(R.Into, C.IntoFirst, C.IntoLast);
      P->Awaits.push_back(std::move(C));
    }
    for (const SelectRow &R : Pr.Selects) {
      CSelect C;
      C.Row = &R;
      C.Call.add(R.Call, NS);
      C.Operator.add(R.Operator, NS);
      C.Member.add(R.Member, NS);
      C.When.add(R.WhenArgument0, NS);
      C.From.add(R.OperandsFrom, NS);
      C.Lossless.add(R.LosslessOperands, NS);
      C.WhenTemplate.add(R.WhenTemplateArgument0, NS);
      P->Selects.push_back(std::move(C));
    }
    for (const ChannelRow &R : Pr.Channels) {
      CChannel C;
      C.Row = &R;
      C.Origin = R.Origin.empty() ? Pr.Id : R.Origin;
      C.Annotated = R.Types.empty();
      C.Types.add(R.Types, NS);
      C.Send.add(R.Send, {});
      C.TrySend.add(R.TrySend, {});
      C.Receive.add(R.Receive, {});
      C.TryReceive.add(R.TryReceive, {});
      P->Channels.push_back(std::move(C));
    }
    for (const SpawnRow &R : Pr.Spawns) {
      CSpawn C;
      C.Row = &R;
      C.Call.add(R.Call, NS);
      P->Spawns.push_back(std::move(C));
    }
    for (const BoundaryRow &R : Pr.Boundaries) {
      CBoundary C;
      C.Row = &R;
      C.Call.add(R.Call, NS);
      C.Construct.add(R.Construct, NS);
      P->Boundaries.push_back(std::move(C));
    }
    for (const ExecutorRow &R : Pr.Executors) {
      CExecutor C;
      C.Row = &R;
      C.Types.add(R.Types, NS);
      C.Factory.add(R.Factory, NS);
      C.Run.add(R.Run, {});
      P->Executors.push_back(std::move(C));
    }
    P->Getters.add(Pr.ExecutorGetters, NS);
    P->AsyncMutexes.add(Pr.AsyncMutexes, NS);
    for (const HopRow &R : Pr.Hops) {
      CHop C;
      C.Row = &R;
      C.From = &Pr;
      C.Token.add(R.Token, NS);
      C.Inner.add(R.Inner, NS);
      C.Call.add(R.Call, NS);
      P->Hops.push_back(std::move(C));
    }
    for (const FlowRow &R : Pr.Flows) {
      CFlow C;
      C.Row = &R;
      C.Call.add(R.Call, NS);
      C.Member.add(R.Member, NS);
      C.FromQualifier = R.From == "Qualifier";
      if (!C.FromQualifier)
        parseArgRange(R.From, C.FromFirst, C.FromLast);
      if (R.To == "Qualifier") {
        C.To = Qualifier;
      } else if (R.To != "ReturnValue") {
        int A = 0, B = 0;
        parseArgRange(R.To, A, B);
        C.To = A;
      }
      C.Derives = R.Kind == "derives";
      P->Flows.push_back(std::move(C));
    }
    for (const TokenRow &R : Pr.Tokens) {
      CToken C;
      C.Row = &R;
      C.Type.add(R.Type, NS);
      P->Tokens.push_back(std::move(C));
    }
    auto Types = [&](const std::vector<TypeRow> &Rows,
                     std::vector<CType> &Out) {
      for (const TypeRow &R : Rows) {
        CType C;
        C.Row = &R;
        C.Types.add(R.Types, NS);
        Out.push_back(std::move(C));
      }
    };
    Types(Pr.NotSend, P->NotSend);
    Types(Pr.Locks, P->Locks);
    Types(Pr.ThreadBound, P->ThreadBound);
    Types(Pr.SingleThreadCoroutines, P->SingleThread);
    P->ErrorTypes.add(Pr.ErrorTypes, NS);
    P->Eager.add(Pr.EagerCoroutines, NS);
    P->Wrappers.add(Pr.Wrappers, NS);
    for (const std::string &O : Pr.Opaque) {
      StringRef S(O);
      std::vector<std::string> Parts;
      bool Absolute = S.consume_front("::");
      llvm::SmallVector<StringRef, 4> Split;
      S.split(Split, "::");
      for (StringRef X : Split)
        Parts.push_back(X.str());
      if (Absolute || NS.empty()) {
        P->Opaque.push_back(Parts);
      } else {
        for (const std::string &N : NS) {
          std::vector<std::string> Full;
          llvm::SmallVector<StringRef, 4> NSParts;
          StringRef(N).split(NSParts, "::");
          for (StringRef X : NSParts)
            Full.push_back(X.str());
          Full.insert(Full.end(), Parts.begin(), Parts.end());
          P->Opaque.push_back(Full);
        }
      }
    }
  }
}

CoroModel::~CoroModel() = default;

// --- names for matchers ---------------------------------------------------------

/// The own names of one NameSet member of every compiled row.
template <class Row>
static std::vector<std::string> namesOf(const std::vector<Row> &Rows,
                                        NameSet Row::*Names) {
  std::vector<std::string> Out;
  for (const Row &R : Rows)
    (R.*Names).simpleNames(Out);
  return Out;
}

std::vector<std::string> CoroModel::spawnNames() const {
  return namesOf(P->Spawns, &CSpawn::Call);
}

std::vector<std::string> CoroModel::runMethodNames() const {
  return namesOf(P->Executors, &CExecutor::Run);
}

std::vector<std::string> CoroModel::selectOperatorNames() const {
  std::vector<std::string> Out;
  for (const std::string &N : namesOf(P->Selects, &CSelect::Operator))
    if (StringRef(N).starts_with("operator"))
      Out.push_back(N.substr(8));
  return Out;
}

std::vector<std::string> CoroModel::selectMemberNames() const {
  return namesOf(P->Selects, &CSelect::Member);
}

std::vector<std::string> CoroModel::selectCallNames() const {
  return namesOf(P->Selects, &CSelect::Call);
}

std::vector<std::string> CoroModel::boundaryCallNames() const {
  return namesOf(P->Boundaries, &CBoundary::Call);
}

std::vector<std::string> CoroModel::boundaryConstructNames() const {
  return namesOf(P->Boundaries, &CBoundary::Construct);
}

// --- awaits ------------------------------------------------------------------------

std::optional<AsyncOp> CoroModel::asyncOp(const Expr *E) const {
  E = ast::unwrap(E);
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  AsyncOp Op;
  Op.Call = Call;
  Op.Name = FD->getName().str();
  // A blocking receive of a channel: the value is the await's result.
  if (MC)
    if (std::optional<ChannelOp> CO = channelOp(MC))
      if (CO->Dir == Direction::Receive && CO->Blocking) {
        Op.What = Produces::Value;
        for (const Expr *Arg : Call->arguments())
          if (isErrorsAsValuesToken(Arg))
            Op.ErrorsAsValues = true;
        return Op;
      }
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  for (const CAwait &A : P->Awaits) {
    bool Hit = false;
    if (MC && MD)
      Hit = P->memberMatches(A.Member, MC, MD);
    else if (!MC)
      Hit = P->matches(A.Call, FD);
    if (!Hit)
      continue;
    const AwaitRow &R = *A.Row;
    Op.What = R.Produces == "value"        ? Produces::Value
              : R.Produces == "bytes"      ? Produces::Bytes
              : R.Produces == "connection" ? Produces::Connection
                                           : Produces::None;
    Op.Partial = R.PartialProgress == "read"    ? Progress::Read
                 : R.PartialProgress == "write" ? Progress::Write
                                                : Progress::None;
    for (const Expr *Arg : Call->arguments())
      if (isErrorsAsValuesToken(Arg))
        Op.ErrorsAsValues = true;
    if (A.HasInto && Op.What != Produces::None) {
      // Positions count every argument of the call (the completion token
      // is the last one); a completion token is never a buffer.
      int N = static_cast<int>(Call->getNumArgs());
      int First = A.IntoFirst < 0 ? N + A.IntoFirst : A.IntoFirst;
      int Last = A.IntoLast < 0 ? N + A.IntoLast : A.IntoLast;
      IntoVarCollector C(Op.IntoVars, *this);
      for (int I = std::max(First, 0); I <= Last && I < N; ++I)
        if (!isErrorsAsValuesToken(Call->getArg(I)))
          C.TraverseStmt(const_cast<Expr *>(Call->getArg(I)));
    }
    return Op;
  }
  // COROSAFE_CANCEL_UNSAFE: awaiting it takes data, its result.
  if (ast::findAnnotation(FD, AnnotCancelUnsafe)) {
    Op.What = Produces::Value;
    for (const Expr *Arg : Call->arguments())
      if (isErrorsAsValuesToken(Arg))
        Op.ErrorsAsValues = true;
    return Op;
  }
  return std::nullopt;
}

static const AwaitRow *typeRow(const CoroModel::Impl &P, const Expr *Operand) {
  if (!Operand)
    return nullptr;
  QualType T = ast::unwrap(Operand)->getType();
  const auto *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  if (!RD)
    return nullptr;
  for (const CAwait &A : P.Awaits)
    if (P.matchesRecord(A.Type, RD))
      return A.Row;
  return nullptr;
}

/// The awaits of a coroutine body (not of nested lambdas).
namespace {
struct AwaitCollector : RecursiveASTVisitor<AwaitCollector> {
  std::vector<const CoroutineSuspendExpr *> Out;
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    Out.push_back(E);
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Out.push_back(E);
    return true;
  }
};
} // namespace

/// Depth to which suspends() follows awaited coroutines.
constexpr int InlineDepth = 3;

static bool suspendsAt(const CoroModel &M, const CoroModel::Impl &P,
                       const Expr *AwaitOperand, int Depth);

/// Every await of \p Def completes at once (to \p Depth levels of awaited
/// coroutines): awaiting it resumes the caller inline.
static bool neverSuspends(const CoroModel &M, const CoroModel::Impl &P,
                          const FunctionDecl *Def, int Depth) {
  auto It = P.NeverSuspends.find(Def);
  if (It != P.NeverSuspends.end())
    return It->second;
  if (Depth <= 0)
    return false; // not cached: a shallower query may go further
  P.NeverSuspends[Def] = false; // recursion: assume it suspends
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Def->getBody());
  bool Never = CB != nullptr;
  if (CB) {
    AwaitCollector C;
    C.TraverseStmt(CB->getBody());
    for (const CoroutineSuspendExpr *S : C.Out) {
      if (isa<CoyieldExpr>(S) ||
          suspendsAt(M, P, cast<CoawaitExpr>(S)->getOperand(), Depth - 1)) {
        Never = false;
        break;
      }
    }
  }
  P.NeverSuspends[Def] = Never;
  return Never;
}

static bool suspendsAt(const CoroModel &M, const CoroModel::Impl &P,
                       const Expr *AwaitOperand, int Depth) {
  const AwaitRow *R = typeRow(P, AwaitOperand);
  if (R && !R->Suspends)
    return false;
  if (!R || !R->ResumesInline)
    return true;
  // A direct call of a coroutine defined in this TU (not a spawn).
  const auto *Call = dyn_cast_or_null<CallExpr>(ast::unwrap(AwaitOperand));
  if (!Call || M.spawn(Call))
    return true;
  const FunctionDecl *Def = ast::coroutineDefinition(Call->getDirectCallee());
  if (!Def)
    return true;
  return !neverSuspends(M, P, Def, Depth);
}

bool CoroModel::losslessOperand(const Select &S, const Expr *Operand) const {
  // COROSAFE_CANCEL_SAFE: the function loses nothing when it loses.
  if (const auto *CE = dyn_cast_or_null<CallExpr>(ast::unwrap(Operand)))
    if (ast::findAnnotation(CE->getDirectCallee(), AnnotCancelSafe))
      return true;
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(ast::unwrap(Operand));
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !S.Row)
    return false;
  for (const CSelect &C : P->Selects)
    if (C.Row == S.Row)
      return P->matches(C.Lossless, MD);
  return false;
}

bool CoroModel::suspends(const Expr *AwaitOperand) const {
  return suspendsAt(*this, *P, AwaitOperand, InlineDepth);
}

bool CoroModel::isErrorsAsValuesToken(const Expr *E) const {
  if (!E || P->Tokens.empty())
    return false;
  QualType T = ast::unwrap(E)->getType();
  const CXXRecordDecl *RD =
      T.isNull() ? nullptr : T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  for (const CToken &C : P->Tokens)
    if (P->matchesRecord(C.Type, RD))
      return C.Row->Errors == "value";
  return false;
}

// --- value flow through calls ------------------------------------------------------

static bool flowRowMatches(const CoroModel::Impl &P, const CFlow &F,
                           const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD)
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
    return MD && P.memberMatches(F.Member, MC, MD);
  }
  // Free functions and operators (a member operator is matched by its
  // name too: "operator==" in a call row).
  return P.matches(F.Call, FD);
}

bool CoroModel::flows(const CallExpr *C, int From, int To) const {
  if (!C)
    return false;
  // COROSAFE_NO_DATA: the result holds no data; COROSAFE_DERIVES_FROM(N):
  // it holds only argument N's.
  if (To == ReturnValue)
    if (const FunctionDecl *FD = C->getDirectCallee()) {
      if (ast::findAnnotation(FD, AnnotNoData))
        return false;
      if (const AnnotateAttr *A = ast::findAnnotation(FD, AnnotDerivesFrom))
        if (std::optional<int64_t> N =
                ast::annotationArg(A, 0, FD->getASTContext())) {
          int Arg = resolveArg(static_cast<int>(*N),
                               static_cast<int>(ast::explicitArgs(C)));
          if (isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(FD))
            ++Arg; // a member operator's argument 0 is its object
          return From == Arg;
        }
    }
  // Arguments as rows count them: a member operator's object is its
  // qualifier, not Argument[0].
  int N = static_cast<int>(C->getNumArgs());
  bool MemberOperator = false;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C))
    if (isa_and_nonnull<CXXMethodDecl>(OC->getDirectCallee())) {
      MemberOperator = true;
      --N;
    }
  auto Row = [&](int Arg) { return MemberOperator ? Arg - 1 : Arg; };
  int F = From >= 0 ? Row(From) : From;
  int T = To >= 0 ? Row(To) : To;
  if (MemberOperator && From == 0)
    F = Qualifier;
  if (MemberOperator && To == 0)
    T = Qualifier;
  for (const CFlow &R : P->Flows) {
    if (R.To != T && !(R.To >= 0 && T >= 0 && resolveArg(R.To, N) == T))
      continue;
    bool Covers = false;
    if (R.FromQualifier)
      Covers = F == Qualifier;
    else if (F >= 0)
      Covers = F >= std::max(resolveArg(R.FromFirst, N), 0) &&
               F <= resolveArg(R.FromLast, N);
    if (!Covers || !flowRowMatches(*P, R, C))
      continue;
    return R.Derives;
  }
  return T == ReturnValue;
}

bool CoroModel::hasFlowInto(const CallExpr *C) const {
  if (!C)
    return false;
  for (const CFlow &R : P->Flows)
    if (R.To != ReturnValue && R.Derives && flowRowMatches(*P, R, C))
      return true;
  return false;
}

bool CoroModel::yieldsCurrentExecutor(const Expr *AwaitOperand) const {
  const AwaitRow *R = typeRow(*P, AwaitOperand);
  return R && R->CurrentExecutor;
}

bool CoroModel::isErrorType(QualType T) const {
  T = T.getNonReferenceType().getCanonicalType();
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && P->matchesRecord(P->ErrorTypes, RD);
}

// --- spawns ------------------------------------------------------------------------

std::optional<SpawnCall> CoroModel::spawn(const CallExpr *C) const {
  if (!C)
    return std::nullopt;
  const NamedDecl *FD = ast::calleeOf(C);
  if (!FD)
    return std::nullopt;
  for (const CSpawn &S : P->Spawns) {
    if (!P->matches(S.Call, FD))
      continue;
    SpawnCall Out;
    Out.Call = C;
    Out.Executor = ast::rowArgAt(C, S.Row->Executor);
    if (S.Row->ObjectIsTask) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
      Out.Task = MC ? MC->getImplicitObjectArgument() : nullptr;
    } else {
      Out.Task = ast::rowArgAt(C, S.Row->Task);
    }
    if (!Out.Task)
      return std::nullopt;
    return Out;
  }
  // COROSAFE_SPAWN(executor, task): argument positions.
  if (const AnnotateAttr *A = ast::findAnnotation(FD, AnnotSpawn)) {
    const ASTContext &Ctx = FD->getASTContext();
    std::optional<int64_t> E = ast::annotationArg(A, 0, Ctx),
                           T = ast::annotationArg(A, 1, Ctx);
    if (!E || !T)
      return std::nullopt;
    SpawnCall Out;
    Out.Call = C;
    Out.Executor = ast::argAt(C, static_cast<int>(*E));
    Out.Task = ast::argAt(C, static_cast<int>(*T));
    if (!Out.Task)
      return std::nullopt;
    return Out;
  }
  return std::nullopt;
}

const FunctionDecl *CoroModel::calledCoroutine(const Expr *E,
                                               const CallExpr **CallOut) const {
  E = ast::unwrap(E);
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (!Call)
    return nullptr;
  if (std::optional<SpawnCall> S = spawn(Call))
    return calledCoroutine(S->Task, CallOut);
  if (const FunctionDecl *Def =
          ast::coroutineDefinition(Call->getDirectCallee())) {
    if (CallOut)
      *CallOut = Call;
    return Def;
  }
  return nullptr;
}

const FunctionDecl *CoroModel::spawnedCoroutine(const CallExpr *C) const {
  std::optional<SpawnCall> S = spawn(C);
  if (!S)
    return nullptr;
  const Expr *What = ast::unwrap(S->Task);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(What))
    return ast::coroutineDefinition(L->getCallOperator());
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(What)) {
    // A named lambda: auto task = [..]() -> awaitable<void> {...};
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->getInit())
        if (const auto *L = dyn_cast<LambdaExpr>(ast::unwrap(V->getInit())))
          return ast::coroutineDefinition(L->getCallOperator());
  }
  return calledCoroutine(What);
}

// --- selects -----------------------------------------------------------------------

std::string Select::operandNote(const std::string &Operand) const {
  std::string T = Row->OperandNote;
  if (T.empty())
    T = Row->Cancels == "on-failure"
            ? "{operand} is an operand of this " + Row->Spelling +
                  ", which cancels the other operands at their current "
                  "suspension point when one fails"
        : Row->Cancels == "none"
            ? "{operand} is an operand of this " + Row->Spelling +
                  ", which cancels nothing: the operands that lose run on"
            : "{operand} is an operand of this select (" + Row->Spelling +
                  "); the operand that loses is cancelled at its current "
                  "suspension point";
  auto Replace = [&](const std::string &Key, const std::string &V) {
    for (size_t P = T.find(Key); P != std::string::npos;
         P = T.find(Key, P + V.size()))
      T.replace(P, Key.size(), V);
  };
  Replace("{operand}", Operand);
  Replace("{condition}", Condition);
  return T;
}

std::string Select::idPrefix() const {
  if (Member)
    return "group@";
  if (isa<CXXOperatorCallExpr>(Call))
    return "or@";
  return "select@";
}

const SelectRow *CoroModel::operatorRow(const Expr *E) const {
  const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(ast::unwrap(E));
  if (!OC || OC->getNumArgs() != 2)
    return nullptr;
  const FunctionDecl *FD = OC->getDirectCallee();
  if (!FD)
    return nullptr;
  for (const CSelect &S : P->Selects)
    if (P->matches(S.Operator, FD))
      return S.Row;
  return nullptr;
}

static void flatten(const CoroModel &M, const Expr *E,
                    const SelectRow *&Losers, std::vector<const Expr *> &Out) {
  if (const SelectRow *R = M.operatorRow(E)) {
    const auto *OC = cast<CXXOperatorCallExpr>(ast::unwrap(E));
    if (!Losers && R->Cancels == "losers")
      Losers = R;
    flatten(M, OC->getArg(0), Losers, Out);
    flatten(M, OC->getArg(1), Losers, Out);
    return;
  }
  Out.push_back(E);
}

std::optional<Select> CoroModel::operatorSelect(const CXXOperatorCallExpr *OC) const {
  const SelectRow *Row = operatorRow(OC);
  if (!Row)
    return std::nullopt;
  Select S;
  S.Call = OC;
  S.OpLoc = OC->getOperatorLoc();
  const SelectRow *Losers = nullptr;
  flatten(*this, OC, Losers, S.Operands);
  // a || (b && c): one select that cancels losers.
  S.Row = Losers ? Losers : Row;
  return S;
}

/// The call that made a select's object, following a local variable.
static const CallExpr *makerCall(const CoroModel::Impl &P, const NameSet &From,
                                 const Expr *E, int Depth = 0) {
  E = ast::unwrap(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (V && V->getInit() && Depth < 2)
      return makerCall(P, From, V->getInit(), Depth + 1);
    return nullptr;
  }
  const auto *C = dyn_cast_or_null<CallExpr>(E);
  if (C && P.matches(From, C->getDirectCallee()))
    return C;
  return nullptr;
}

std::optional<Select> CoroModel::memberSelect(const CXXMemberCallExpr *MC) const {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD)
    return std::nullopt;
  for (const CSelect &C : P->Selects) {
    if (!P->matches(C.Member, MD))
      continue;
    Select S;
    S.Call = MC;
    S.Row = C.Row;
    S.Member = true;
    S.OpLoc = MC->getExprLoc();
    if (!C.When.empty()) {
      if (MC->getNumArgs() < 1)
        return std::nullopt;
      const auto *CondRD =
          ast::unwrap(MC->getArg(0))->getType()->getAsCXXRecordDecl();
      if (!CondRD || !CondRD->getIdentifier() ||
          !P->matchesRecord(C.When, CondRD))
        return std::nullopt; // another wait (wait_for_all) cancels nothing
      S.Condition = CondRD->getName().str();
    }
    if (!C.From.empty()) {
      if (const CallExpr *Make =
              makerCall(*P, C.From, MC->getImplicitObjectArgument()))
        for (const Expr *A : Make->arguments())
          S.Operands.push_back(A);
    } else {
      for (unsigned I = C.When.empty() ? 0 : 1; I < ast::explicitArgs(MC); ++I)
        S.Operands.push_back(MC->getArg(I));
    }
    return S;
  }
  return std::nullopt;
}

/// The first template argument of \p FD is an enumerator named in \p Set
/// (`collectAny<SignalType::Terminate>`; a defaulted argument counts).
static bool templateArgument0Matches(const CoroModel::Impl &P,
                                     const NameSet &Set,
                                     const FunctionDecl *FD) {
  if (!FD)
    return false;
  const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs();
  if (!Args || Args->size() == 0)
    return false;
  const TemplateArgument &A = Args->get(0);
  if (A.getKind() != TemplateArgument::Integral)
    return false;
  const auto *ET = A.getIntegralType()->getAs<EnumType>();
  if (!ET)
    return false;
  for (const EnumConstantDecl *E : ET->getDecl()->enumerators())
    if (llvm::APSInt::isSameValue(E->getInitVal(), A.getAsIntegral()))
      return P.matches(Set, E);
  return false;
}

std::optional<Select> CoroModel::callSelect(const CallExpr *C) const {
  // A call through a function object (stdexec's when_any) is a call.
  if (isa<CXXMemberCallExpr>(C) ||
      (isa<CXXOperatorCallExpr>(C) && !ast::functionObject(C)))
    return std::nullopt;
  const NamedDecl *FD = ast::calleeOf(C);
  if (!FD)
    return std::nullopt;
  for (const CSelect &CS : P->Selects) {
    if (!P->matches(CS.Call, FD))
      continue;
    if (!CS.WhenTemplate.empty() &&
        !templateArgument0Matches(*P, CS.WhenTemplate,
                                  C->getDirectCallee()))
      continue; // another instantiation: a later row
    Select S;
    S.Call = C;
    S.Row = CS.Row;
    S.OpLoc = C->getExprLoc();
    for (unsigned I = 0; I < ast::rowArgs(C); ++I)
      S.Operands.push_back(ast::rowArgAt(C, static_cast<int>(I)));
    return S;
  }
  // COROSAFE_SELECT / COROSAFE_SELECT_ALL: the arguments are raced.
  const auto *Fn = dyn_cast<FunctionDecl>(FD);
  if (!Fn)
    return std::nullopt;
  bool All = false;
  if (!ast::findAnnotation(Fn, AnnotSelect)) {
    if (!ast::findAnnotation(FD, AnnotSelectAll))
      return std::nullopt;
    All = true;
  }
  Select S;
  S.Call = C;
  S.Row = P->annotatedSelect(Fn, All);
  S.OpLoc = C->getExprLoc();
  for (unsigned I = 0; I < ast::explicitArgs(C); ++I)
    S.Operands.push_back(C->getArg(I));
  return S;
}

std::optional<unsigned> CoroModel::resultArity(const Select &S,
                                               const Expr *Operand) const {
  if (S.Row->ResultArity == "asio.completion-arity")
    return hooks::asioCompletionArity(Operand);
  return std::nullopt;
}

// --- channels ----------------------------------------------------------------------

std::optional<ChannelType> CoroModel::channelType(QualType T) const {
  if (T.isNull())
    return std::nullopt;
  const CXXRecordDecl *RD = ast::recordOf(T);
  if (!RD || !RD->getIdentifier())
    return std::nullopt;
  const CXXRecordDecl *Def = RD->getDefinition() ? RD->getDefinition() : RD;
  const CXXRecordDecl *Pattern = Def;
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(Def))
    Pattern = S->getSpecializedTemplate()->getTemplatedDecl();
  for (const CChannel &C : P->Channels) {
    ChannelType Out;
    Out.Record = RD;
    Out.Row = C.Row;
    Out.Origin = C.Origin;
    if (C.Annotated) {
      bool B = ast::hasAnnotation(Def, AnnotBounded) ||
               ast::hasAnnotation(Pattern, AnnotBounded);
      bool U = ast::hasAnnotation(Def, AnnotUnbounded) ||
               ast::hasAnnotation(Pattern, AnnotUnbounded);
      if (!B && !U)
        continue;
      Out.Name = Pattern->getQualifiedNameAsString();
      Out.Bounded = B;
      return Out;
    }
    if (!P->matchesRecord(C.Types, Def))
      continue;
    Out.Name = Pattern->getQualifiedNameAsString();
    Out.Bounded = C.Row->Bounded;
    return Out;
  }
  return std::nullopt;
}

static bool holdsChannelsImpl(const CoroModel &M, QualType T, int Depth) {
  if (M.channelType(T))
    return true;
  const CXXRecordDecl *RD = ast::recordOf(T);
  if (!RD || Depth > 2 || !RD->hasDefinition())
    return false;
  for (const FieldDecl *F : RD->getDefinition()->fields())
    if (holdsChannelsImpl(M, F->getType(), Depth + 1))
      return true;
  return false;
}

bool CoroModel::holdsChannels(QualType T) const {
  return holdsChannelsImpl(*this, T, 0);
}

std::optional<ChannelOp> CoroModel::channelOp(const CXXMemberCallExpr *Call) const {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  const Expr *Obj = Call->getImplicitObjectArgument();
  if (!MD || !Obj || !MD->getIdentifier())
    return std::nullopt;
  const CXXRecordDecl *RD = Impl::objectRecord(Call);
  if (!RD)
    return std::nullopt;
  std::optional<ChannelType> CT = channelType(QualType(typeOfRecord(RD), 0));
  if (!CT)
    return std::nullopt;
  const CChannel *Row = nullptr;
  for (const CChannel &C : P->Channels)
    if (C.Row == CT->Row)
      Row = &C;
  ChannelOp Op;
  Op.Call = Call;
  Op.Object = Obj->IgnoreParenImpCasts();
  Op.Type = *CT;
  Op.Method = MD->getName().str();
  StringRef M = MD->getName();
  if (ast::hasAnnotation(MD, AnnotSend)) {
    Op.Dir = Direction::Send;
    Op.Blocking = CT->Bounded;
  } else if (ast::hasAnnotation(MD, AnnotTrySend)) {
    Op.Dir = Direction::Send;
    Op.Blocking = false;
  } else if (ast::hasAnnotation(MD, AnnotReceive)) {
    Op.Dir = Direction::Receive;
  } else if (Row && Row->Send.matchesSimple(M)) {
    Op.Dir = Direction::Send;
    Op.Blocking = CT->Bounded;
  } else if (Row && Row->TrySend.matchesSimple(M)) {
    Op.Dir = Direction::Send;
    Op.Blocking = false;
  } else if (Row && Row->Receive.matchesSimple(M)) {
    Op.Dir = Direction::Receive;
  } else if (Row && Row->TryReceive.matchesSimple(M)) {
    Op.Dir = Direction::Receive;
    Op.Blocking = false;
  } else {
    return std::nullopt;
  }
  return Op;
}

Capacity CoroModel::capacityOf(const Expr *Init, const ChannelType &T,
                               const ASTContext &Ctx) const {
  Capacity C;
  if (!T.Bounded) {
    C.K = Capacity::Unbounded;
    return C;
  }
  StringRef How = T.Row ? StringRef(T.Row->Capacity) : StringRef("unknown");
  if (How == "unknown" && !Init) {
    C.K = Capacity::Unknown;
    C.Reason = "declared bounded, size not known";
    return C;
  }
  if (!Init) {
    C.Reason = "no initializer seen";
    return C;
  }
  const Expr *E = Init;
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    E = EWC->getSubExpr();
  E = E->IgnoreParenImpCasts();
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
    E = FC->getSubExpr()->IgnoreParenImpCasts();
  const auto *CE = dyn_cast<CXXConstructExpr>(E);
  auto Evaluate = [&](const Expr *A) {
    Expr::EvalResult R;
    if (!A->isValueDependent() && A->EvaluateAsInt(R, Ctx)) {
      C.K = Capacity::Constant;
      C.Value = R.Val.getInt().getZExtValue();
    } else {
      C.Reason = "not a constant expression";
    }
    return C;
  };
  if (How == "unknown") {
    // A constructor parameter marked COROSAFE_CHANNEL_CAPACITY.
    if (CE && CE->getConstructor()) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams();
           ++I)
        if (ast::findAnnotation(Ctor->getParamDecl(I), AnnotCapacity))
          return Evaluate(CE->getArg(I));
    }
    C.K = Capacity::Unknown;
    C.Reason = "declared bounded, size not known";
    return C;
  }
  if (!CE || !CE->getConstructor()) {
    C.Reason = "initialized from another object";
    return C;
  }
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (How.consume_front("ctor-param:")) {
    for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams();
         ++I) {
      const ParmVarDecl *Parm = Ctor->getParamDecl(I);
      if (!Parm->getIdentifier() || Parm->getName() != How)
        continue;
      return Evaluate(CE->getArg(I));
    }
  } else if (How.consume_front("ctor-arg:")) {
    unsigned Index = 0;
    How.getAsInteger(10, Index);
    if (!Ctor->isCopyOrMoveConstructor() && Index < CE->getNumArgs())
      return Evaluate(CE->getArg(Index));
  }
  if (Ctor->isCopyOrMoveConstructor()) {
    C.Reason = "initialized from another channel";
    return C;
  }
  C.Reason = "constructor without " +
             (How.empty() ? std::string("a capacity") : How.str());
  return C;
}

// --- executors and hops --------------------------------------------------------------

ExecutorClass CoroModel::executorOfType(QualType T) const {
  const CXXRecordDecl *RD = ast::recordOf(T);
  if (!RD || !RD->getIdentifier())
    return {};
  // A smart pointer to an executor is that executor (concurrencpp hands
  // out std::shared_ptr<thread_pool_executor>).
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if ((S->getName() == "shared_ptr" || S->getName() == "unique_ptr") &&
        S->isInStdNamespace() && S->getTemplateArgs().size() >= 1 &&
        S->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return executorOfType(S->getTemplateArgs()[0].getAsType());
  for (const CExecutor &E : P->Executors)
    if (P->matchesRecord(E.Types, RD))
      return {kindOf(E.Row->Kind), E.Row};
  if (ast::hasAnnotation(RD, AnnotExecutorMulti))
    return {ExecutorKind::Multi, P->annotatedExecutor(RD, "multi")};
  if (ast::hasAnnotation(RD, AnnotExecutorSerial))
    return {ExecutorKind::Serial, P->annotatedExecutor(RD, "serial")};
  return {};
}

ExecutorClass CoroModel::executorFactory(const CallExpr *C) const {
  const FunctionDecl *FD = C ? C->getDirectCallee() : nullptr;
  if (!FD)
    return {};
  for (const CExecutor &E : P->Executors)
    if (P->matches(E.Factory, FD))
      return {kindOf(E.Row->Kind), E.Row};
  return {};
}

bool CoroModel::isExecutorGetter(const CXXMethodDecl *M) const {
  return M && P->matches(P->Getters, M);
}

const ExecutorRow *CoroModel::runCall(const CXXMemberCallExpr *MC) const {
  const CXXMethodDecl *M = MC->getMethodDecl();
  if (!M || !M->getIdentifier())
    return nullptr;
  const CXXRecordDecl *RD = Impl::objectRecord(MC);
  if (!RD)
    return nullptr;
  for (const CExecutor &E : P->Executors)
    if (E.Row->Kind == "counted" && E.Run.matchesSimple(M->getName()) &&
        P->matchesRecord(E.Types, RD))
      return E.Row;
  return nullptr;
}

std::optional<Hop> CoroModel::hop(const Expr *AwaitOperand) const {
  const auto *C = dyn_cast_or_null<CallExpr>(ast::unwrap(AwaitOperand));
  if (!C)
    return std::nullopt;
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD)
    return std::nullopt;
  for (const CHop &H : P->Hops) {
    if (!H.Call.empty()) {
      if (!P->matches(H.Call, ast::calleeOf(C)))
        continue;
      const Expr *X = ast::rowArgAt(C, H.Row->Executor);
      if (!X)
        continue;
      return Hop{X, H.Row->Returns == "stays"};
    }
    // A completion token that binds an executor, on an operation of the
    // same framework.
    if (ast::explicitArgs(C) == 0 || !P->inProfile(H.From, FD))
      continue;
    const auto *Tok = dyn_cast_or_null<CallExpr>(
        ast::unwrap(ast::argAt(C, -1)));
    if (!Tok || !P->matches(H.Token, Tok->getDirectCallee()) ||
        ast::explicitArgs(Tok) != 2)
      continue;
    if (!H.Inner.empty()) {
      const CXXRecordDecl *In =
          ast::recordOf(ast::unwrap(Tok->getArg(1))->getType());
      if (!P->matchesRecord(H.Inner, In))
        continue;
    }
    const Expr *X = ast::argAt(Tok, H.Row->Executor);
    if (!X)
      continue;
    return Hop{X, H.Row->Returns == "stays"};
  }
  // COROSAFE_HOP(executor): the coroutine moves there and stays.
  if (const AnnotateAttr *A = ast::findAnnotation(FD, AnnotHop))
    if (std::optional<int64_t> N =
            ast::annotationArg(A, 0, FD->getASTContext()))
      if (const Expr *X = ast::argAt(C, static_cast<int>(*N)))
        return Hop{X, true};
  return std::nullopt;
}

// --- boundaries -----------------------------------------------------------------------

std::optional<BoundaryCall> CoroModel::boundary(const Expr *E) const {
  if (const auto *C = dyn_cast_or_null<CallExpr>(E)) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || !FD->getIdentifier())
      return std::nullopt;
    for (const CBoundary &B : P->Boundaries) {
      if (!P->matches(B.Call, FD))
        continue;
      const BoundaryRow &R = *B.Row;
      unsigned N = ast::explicitArgs(C);
      if (N < R.MinArgs)
        return std::nullopt;
      BoundaryCall Out;
      Out.E = C;
      Out.Row = &R;
      Out.Callee = FD->getName().str();
      int Shift = 0;
      if (R.SkipLaunchPolicy && N > 0 && C->getArg(0)->getType()->isEnumeralType())
        Shift = 1;
      if (R.Executor != -100)
        Out.Executor = ast::argAt(C, R.Executor);
      int CallPos = R.Callable >= 0 ? R.Callable + Shift : R.Callable;
      Out.Callable = ast::argAt(C, CallPos);
      if (R.CopiesArguments && R.Callable >= 0)
        for (unsigned I = static_cast<unsigned>(CallPos) + 1; I < N; ++I)
          Out.Copied.push_back(C->getArg(I));
      return Out;
    }
    return std::nullopt;
  }
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(E);
  if (!CE || !CE->getConstructor())
    return std::nullopt;
  const CXXRecordDecl *RD = CE->getConstructor()->getParent();
  for (const CBoundary &B : P->Boundaries) {
    if (!P->matchesRecord(B.Construct, RD))
      continue;
    if (CE->getNumArgs() < 1 || CE->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    const BoundaryRow &R = *B.Row;
    BoundaryCall Out;
    Out.E = CE;
    Out.Row = &R;
    Out.Callee = RD->getName().str();
    unsigned CallPos = R.Callable >= 0 ? static_cast<unsigned>(R.Callable) : 0;
    if (CallPos >= CE->getNumArgs())
      return std::nullopt;
    Out.Callable = CE->getArg(CallPos);
    if (R.CopiesArguments)
      for (unsigned I = CallPos + 1; I < CE->getNumArgs(); ++I)
        Out.Copied.push_back(CE->getArg(I));
    return Out;
  }
  return std::nullopt;
}

// --- types ------------------------------------------------------------------------------

std::optional<std::string> CoroModel::notSend(const CXXRecordDecl *RD) const {
  if (ast::hasAnnotation(RD, AnnotNotSend))
    return std::string("is marked not Send");
  for (const CType &T : P->NotSend)
    if (P->matchesRecord(T.Types, RD))
      return T.Row->Why;
  return std::nullopt;
}

/// A class template specialization whose first template argument is one of
/// \p Set (`std::unique_lock<folly::coro::Mutex>`).
static bool overAsyncMutex(const CoroModel::Impl &P, const NameSet &Set,
                           const CXXRecordDecl *RD) {
  const auto *CTS = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (Set.empty() || !CTS || CTS->getTemplateArgs().size() == 0)
    return false;
  const TemplateArgument &A = CTS->getTemplateArgs()[0];
  return A.getKind() == TemplateArgument::Type &&
         P.matchesRecord(Set, ast::recordOf(A.getAsType()));
}

Bound CoroModel::threadBound(const CXXRecordDecl *RD, std::string &Why) const {
  for (const CType &T : P->Locks)
    if (P->matchesRecord(T.Types, RD)) {
      if (overAsyncMutex(*P, P->AsyncMutexes, RD))
        return Bound::None; // a coroutine mutex: any thread may unlock it
      Why = T.Row->Why;
      return Bound::Lock;
    }
  if (RD->hasAttr<ScopedLockableAttr>()) {
    Why = "is scoped_lockable";
    return Bound::Lock;
  }
  if (ast::hasAnnotation(RD, AnnotThreadBound)) {
    Why = "is marked thread-bound";
    return Bound::ThreadBound;
  }
  for (const CType &T : P->ThreadBound)
    if (P->matchesRecord(T.Types, RD)) {
      Why = T.Row->Why;
      return Bound::ThreadBound;
    }
  return Bound::None;
}

bool CoroModel::eagerCoroutine(const FunctionDecl *Callee) const {
  if (!Callee || P->Eager.empty())
    return false;
  return P->matchesRecord(P->Eager, ast::recordOf(Callee->getReturnType()));
}

std::optional<std::string>
CoroModel::singleThreadCoroutine(const FunctionDecl *Coro) const {
  if (!Coro || P->SingleThread.empty())
    return std::nullopt;
  const CXXRecordDecl *RD = ast::recordOf(Coro->getReturnType());
  if (!RD)
    return std::nullopt;
  for (const CType &T : P->SingleThread)
    if (P->matchesRecord(T.Types, RD))
      return T.Row->Why;
  return std::nullopt;
}

bool CoroModel::isWrapper(const CXXRecordDecl *RD) const {
  return isa<ClassTemplateSpecializationDecl>(RD) &&
         P->matchesRecord(P->Wrappers, RD);
}

bool CoroModel::isOpaque(const CXXRecordDecl *RD) const {
  ArrayRef<std::string> Path = P->Paths.pathOf(RD);
  for (const std::vector<std::string> &O : P->Opaque) {
    if (Path.size() <= O.size())
      continue;
    bool Ok = true;
    for (size_t I = 0; I < O.size() && Ok; ++I)
      Ok = Path[I] == O[I];
    if (Ok)
      return true;
  }
  return false;
}

int CoroModel::namespaceRole(const NamespaceDecl *NS) const {
  auto It = P->NamespaceRoles.find(NS);
  if (It != P->NamespaceRoles.end())
    return It->second;
  // The namespace's path from the translation unit, inline ABI namespaces
  // ("__cxx11") skipped as in PathCache.
  std::vector<std::string> Rev;
  for (const DeclContext *DC = NS; DC; DC = DC->getParent()) {
    const auto *N = dyn_cast<NamespaceDecl>(DC);
    if (!N) {
      if (isa<TranslationUnitDecl, LinkageSpecDecl, ExportDecl>(DC))
        continue;
      Rev.clear(); // a namespace inside a function or class: never a library
      break;
    }
    if (N->isInline() && N->getName().starts_with("__"))
      continue;
    Rev.push_back(N->isAnonymousNamespace() ? "(anonymous)"
                                            : N->getName().str());
  }
  int Role = 0;
  for (const std::vector<std::string> &L : P->Libraries) {
    size_t Common = 0;
    while (Common < L.size() && Common < Rev.size() &&
           L[Common] == Rev[Rev.size() - 1 - Common])
      ++Common;
    if (Common == L.size() && !Rev.empty()) {
      Role = 1;
      break;
    }
    if (Common == Rev.size() && !Rev.empty())
      Role = 2;
  }
  P->NamespaceRoles[NS] = Role;
  return Role;
}

bool CoroModel::inLibrary(const Decl *D) const {
  for (const DeclContext *DC = D ? D->getDeclContext() : nullptr; DC;
       DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      return namespaceRole(NS) == 1;
  return false;
}

bool CoroModel::isLibraryNamespace(const NamespaceDecl *NS) const {
  return namespaceRole(NS) == 1;
}

bool CoroModel::enclosesLibrary(const NamespaceDecl *NS) const {
  return namespaceRole(NS) == 2;
}

} // namespace model
} // namespace corosafe
