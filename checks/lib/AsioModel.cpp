//===- AsioModel.cpp - what asio declarations mean -----------------------===//
#include "AsioModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corosafe {
namespace asio {

static llvm::SmallVector<StringRef, 6> namespacePath(const DeclContext *DC) {
  llvm::SmallVector<StringRef, 6> Rev;
  for (; DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() && NS->getName().starts_with("__"))
        continue; // libstdc++ inline ABI namespaces
      Rev.push_back(NS->getName());
    }
  }
  return llvm::SmallVector<StringRef, 6>(Rev.rbegin(), Rev.rend());
}

bool isInAsio(const Decl *D, llvm::ArrayRef<StringRef> Sub, bool Exact) {
  if (!D)
    return false;
  auto Path = namespacePath(D->getDeclContext());
  size_t I = 0;
  if (I < Path.size() && Path[I] == "boost")
    ++I;
  if (I >= Path.size() || Path[I] != "asio")
    return false;
  ++I;
  for (StringRef S : Sub) {
    if (I >= Path.size() || Path[I] != S)
      return false;
    ++I;
  }
  return !Exact || I == Path.size();
}

static bool isStdMove(const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD || C->getNumArgs() != 1 || !FD->getIdentifier())
    return false;
  StringRef N = FD->getName();
  return (N == "move" || N == "forward") && FD->isInStdNamespace();
}

const Expr *unwrap(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() >= 1 && CE->getConstructor() &&
          (CE->getConstructor()->isCopyOrMoveConstructor() ||
           CE->getConstructor()->isConvertingConstructor(false)) &&
          !isa<CXXTemporaryObjectExpr>(CE))
        E = CE->getArg(0);
    } else if (const auto *C = dyn_cast<CallExpr>(E)) {
      if (isStdMove(C))
        E = C->getArg(0);
    }
    if (E == Prev)
      break;
  }
  return E;
}

bool isFrameLocal(const VarDecl *V) {
  if (!V || V->getType()->isReferenceType())
    return false;
  if (isa<ParmVarDecl>(V))
    return !V->getType()->isPointerType();
  return V->hasLocalStorage();
}

namespace {
/// Collects frame-local variables named in a buffer argument: asio::buffer(x),
/// asio::dynamic_buffer(s), a local streambuf passed directly.
struct IntoVarCollector : RecursiveASTVisitor<IntoVarCollector> {
  llvm::SmallVector<const VarDecl *, 2> &Out;
  explicit IntoVarCollector(llvm::SmallVector<const VarDecl *, 2> &O) : Out(O) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (isFrameLocal(V) && !V->getType()->isIntegralOrEnumerationType() &&
          llvm::find(Out, V) == Out.end())
        Out.push_back(V);
    return true;
  }
};
} // namespace

std::optional<AsyncOp> classifyAsyncOp(const Expr *E) {
  E = unwrap(E);
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  StringRef Name = FD->getName();
  if (!Name.starts_with("async_") || !isInAsio(FD))
    return std::nullopt;

  AsyncOp Op;
  Op.Call = Call;
  Op.Name = Name.str();
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  bool IsChannel = false;
  if (MC) {
    QualType ObjT = MC->getImplicitObjectArgument()
                        ? MC->getImplicitObjectArgument()->getType()
                        : QualType();
    if (!ObjT.isNull()) {
      if (ObjT->isPointerType())
        ObjT = ObjT->getPointeeType();
      if (const auto *RD = ObjT->getAsCXXRecordDecl())
        IsChannel = isInAsio(RD, {"experimental"}) &&
                    RD->getName().contains("channel");
    }
  }

  if (Name == "async_receive" && IsChannel) {
    Op.Kind = OpKind::ReceiveValue;
  } else if (MC && (Name == "async_read_some" || Name == "async_receive" ||
                    Name == "async_receive_from" ||
                    Name == "async_read_some_at")) {
    Op.Kind = OpKind::ReadInto;
  } else if (MC && Name == "async_accept") {
    Op.Kind = OpKind::Accept;
  } else if (!MC && (Name == "async_read" || Name == "async_read_until" ||
                     Name == "async_read_at")) {
    Op.Kind = OpKind::ComposedRead;
  } else if (!MC && (Name == "async_write" || Name == "async_write_at")) {
    Op.Kind = OpKind::ComposedWrite;
  } else {
    Op.Kind = OpKind::NoData;
  }

  if (Op.Kind == OpKind::ReadInto || Op.Kind == OpKind::ComposedRead ||
      Op.Kind == OpKind::Accept) {
    // Every argument but the stream (first argument of the free functions)
    // and the completion token (last argument) may carry the destination.
    unsigned First = MC ? 0 : 1;
    unsigned Last = Call->getNumArgs() ? Call->getNumArgs() - 1 : 0;
    IntoVarCollector C(Op.IntoVars);
    for (unsigned I = First; I < Last; ++I)
      C.TraverseStmt(const_cast<Expr *>(Call->getArg(I)));
  }
  return Op;
}

const FunctionDecl *coroutineDefinition(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return nullptr;
  if (isa_and_nonnull<CoroutineBodyStmt>(Def->getBody()))
    return Def;
  return nullptr;
}

const FunctionDecl *calledCoroutine(const Expr *E, const CallExpr **CallOut) {
  E = unwrap(E);
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (!Call)
    return nullptr;
  const FunctionDecl *FD = Call->getDirectCallee();
  // co_spawn(executor, coro(...), token): the coroutine is the second argument.
  if (FD && FD->getIdentifier() && FD->getName() == "co_spawn" &&
      isInAsio(FD) && Call->getNumArgs() >= 2)
    return calledCoroutine(Call->getArg(1), CallOut);
  if (const FunctionDecl *Def = coroutineDefinition(FD)) {
    if (CallOut)
      *CallOut = Call;
    return Def;
  }
  return nullptr;
}

bool isNonSuspendingAwaitable(const Expr *Operand) {
  if (!Operand)
    return false;
  QualType T = unwrap(Operand)->getType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return isInAsio(RD, {"this_coro"});
  return false;
}

bool isErrorLikeType(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *RD = T->getAsCXXRecordDecl()) {
    if (!RD->getIdentifier())
      return false;
    StringRef N = RD->getName();
    return N == "error_code" || N == "exception_ptr";
  }
  return false;
}

std::string displayName(const FunctionDecl *FD) {
  if (!FD)
    return "<unknown>";
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    const CXXRecordDecl *RD = MD->getParent();
    if (RD->isLambda()) {
      const SourceManager &SM = FD->getASTContext().getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(RD->getBeginLoc()));
      if (P.isValid())
        return "lambda at line " + std::to_string(P.getLine());
      return "lambda";
    }
    return (RD->getName() + "::" + MD->getName()).str();
  }
  return FD->getNameAsString();
}


// --- executors, spawns and hops ------------------------------------------------

unsigned explicitArgs(const CallExpr *C) {
  unsigned N = C->getNumArgs();
  while (N > 0 && isa<CXXDefaultArgExpr>(C->getArg(N - 1)))
    --N;
  return N;
}

bool isAsioCall(const CallExpr *C, std::initializer_list<StringRef> Names) {
  if (!C)
    return false;
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD || !FD->getIdentifier() || !isInAsio(FD))
    return false;
  return llvm::is_contained(Names, FD->getName());
}

const FunctionDecl *spawnedCoroutine(const CallExpr *CoSpawn) {
  if (!isAsioCall(CoSpawn, {"co_spawn"}) || CoSpawn->getNumArgs() < 2)
    return nullptr;
  const Expr *What = unwrap(CoSpawn->getArg(1));
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(What))
    return coroutineDefinition(L->getCallOperator());
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(What)) {
    // A named lambda: auto task = [..]() -> awaitable<void> {...};
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->getInit())
        if (const auto *L = dyn_cast<LambdaExpr>(unwrap(V->getInit())))
          return coroutineDefinition(L->getCallOperator());
  }
  return calledCoroutine(What);
}

static const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

ContextKind classifyContextType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier() || !isInAsio(RD))
    return ContextKind::None;
  StringRef N = RD->getName();
  if (N == "thread_pool" || N == "static_thread_pool")
    return ContextKind::ThreadPool;
  if (N == "io_context" || N == "io_service")
    return ContextKind::IoContext;
  if (N == "strand")
    return ContextKind::Strand;
  if (N == "any_io_executor" || N == "executor" || N == "any_executor")
    return ContextKind::AnyExecutor;
  // The executor types are nested in their context.
  if (const auto *Outer = dyn_cast<CXXRecordDecl>(RD->getDeclContext())) {
    if (Outer->getIdentifier()) {
      StringRef O = Outer->getName();
      if (O == "thread_pool" || O == "static_thread_pool")
        return ContextKind::ThreadPool;
      if (O == "io_context" || O == "io_service")
        return ContextKind::IoContextExecutor;
    }
  }
  return ContextKind::None;
}

static bool isUseAwaitableToken(const Expr *E) {
  const CXXRecordDecl *RD = recordOf(unwrap(E)->getType());
  return RD && RD->getIdentifier() && RD->getName() == "use_awaitable_t" &&
         isInAsio(RD);
}

const Expr *boundExecutor(const Expr *Token) {
  const auto *C = dyn_cast_or_null<CallExpr>(unwrap(Token));
  if (!isAsioCall(C, {"bind_executor"}) || explicitArgs(C) != 2 ||
      !isUseAwaitableToken(C->getArg(1)))
    return nullptr;
  return C->getArg(0);
}

const Expr *hopTarget(const Expr *AwaitOperand) {
  const auto *C = dyn_cast_or_null<CallExpr>(unwrap(AwaitOperand));
  if (!C || explicitArgs(C) == 0)
    return nullptr;
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD || !isInAsio(FD))
    return nullptr;
  return boundExecutor(C->getArg(explicitArgs(C) - 1));
}

} // namespace asio
} // namespace corosafe
