//===- AstUtil.cpp - small AST helpers -----------------------------------===//
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace corosafe {
namespace ast {

bool isStdMove(const CallExpr *C) {
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

unsigned explicitArgs(const CallExpr *C) {
  unsigned N = C->getNumArgs();
  while (N > 0 && isa<CXXDefaultArgExpr>(C->getArg(N - 1)))
    --N;
  return N;
}

const Expr *argAt(const CallExpr *C, int Pos) {
  if (Pos == QualifierPos) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
    return MC ? MC->getImplicitObjectArgument() : nullptr;
  }
  int N = static_cast<int>(explicitArgs(C));
  int I = Pos < 0 ? N + Pos : Pos;
  if (I < 0 || I >= N)
    return nullptr;
  return C->getArg(static_cast<unsigned>(I));
}

const VarDecl *functionObject(const CallExpr *C) {
  const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(C);
  if (!OC || OC->getOperator() != OO_Call || OC->getNumArgs() == 0)
    return nullptr;
  const auto *DRE =
      dyn_cast<DeclRefExpr>(OC->getArg(0)->IgnoreParenImpCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || V->isLocalVarDeclOrParm() || !V->getIdentifier())
    return nullptr;
  return V;
}

const NamedDecl *calleeOf(const CallExpr *C) {
  if (!C)
    return nullptr;
  if (const VarDecl *V = functionObject(C))
    return V;
  return C->getDirectCallee();
}

unsigned rowArgs(const CallExpr *C) {
  unsigned N = explicitArgs(C);
  return functionObject(C) && N > 0 ? N - 1 : N;
}

const Expr *rowArgAt(const CallExpr *C, int Pos) {
  if (Pos == QualifierPos)
    return argAt(C, Pos);
  unsigned Skip = functionObject(C) ? 1 : 0;
  int N = static_cast<int>(rowArgs(C));
  int I = Pos < 0 ? N + Pos : Pos;
  if (I < 0 || I >= N)
    return nullptr;
  return C->getArg(static_cast<unsigned>(I) + Skip);
}

const Expr *operandOf(const CoroutineSuspendExpr *S) {
  if (const auto *A = dyn_cast<CoawaitExpr>(S))
    return A->getOperand();
  return S->getOperand();
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  T = T.getCanonicalType().getUnqualifiedType();
  return T->getAsCXXRecordDecl();
}

bool hasAnnotation(const Decl *D, StringRef Text) {
  auto Check = [&](const Decl *X) {
    if (!X)
      return false;
    for (const auto *A : X->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == Text)
        return true;
    return false;
  };
  if (Check(D))
    return true;
  if (const auto *CTS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(D))
    if (const ClassTemplateDecl *CT = CTS->getSpecializedTemplate())
      return Check(CT->getTemplatedDecl()) || Check(CT);
  if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(D))
    if (const CXXRecordDecl *Def = RD->getDefinition(); Def && Def != RD)
      return hasAnnotation(Def, Text);
  return false;
}

const AnnotateAttr *findAnnotation(const Decl *D, StringRef Text) {
  auto Own = [&](const Decl *X) -> const AnnotateAttr * {
    if (!X)
      return nullptr;
    for (const Decl *R : X->redecls())
      for (const auto *A : R->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation() == Text)
          return A;
    return nullptr;
  };
  if (const AnnotateAttr *A = Own(D))
    return A;
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D)) {
    if (const AnnotateAttr *A = Own(FD->getTemplateInstantiationPattern()))
      return A;
    if (const FunctionTemplateDecl *FT = FD->getPrimaryTemplate())
      return Own(FT->getTemplatedDecl());
  }
  if (const auto *CTS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(D))
    if (const ClassTemplateDecl *CT = CTS->getSpecializedTemplate())
      return Own(CT->getTemplatedDecl());
  return nullptr;
}

std::optional<int64_t> annotationArg(const AnnotateAttr *A, unsigned I,
                                     const ASTContext &Ctx) {
  if (!A || I >= A->args_size())
    return std::nullopt;
  const Expr *E = *(A->args_begin() + I);
  if (!E || E->isValueDependent())
    return std::nullopt;
  if (std::optional<llvm::APSInt> V = E->getIntegerConstantExpr(Ctx))
    return V->getExtValue();
  return std::nullopt;
}

std::string quote(StringRef S) { return "'" + S.str() + "'"; }

std::vector<StringRef> refs(const std::vector<std::string> &Names) {
  return std::vector<StringRef>(Names.begin(), Names.end());
}

const Expr *lambdaReturnedExpr(const LambdaExpr *L) {
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

const LambdaExpr *asLambda(const Expr *E) {
  E = unwrap(E);
  if (const auto *L = dyn_cast_or_null<LambdaExpr>(E))
    return L;
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->hasLocalStorage() && V->getInit())
        return dyn_cast<LambdaExpr>(unwrap(V->getInit()));
  return nullptr;
}

} // namespace ast
} // namespace corosafe
