//===- Hooks.cpp - what profile data cannot say ---------------------------===//
#include "Hooks.h"
#include "AstUtil.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace corosafe {
namespace model {
namespace hooks {

std::optional<unsigned> asioCompletionArity(const Expr *Operand) {
  auto FromSpecialization = [](QualType T) -> std::optional<unsigned> {
    T = T.getNonReferenceType().getCanonicalType();
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        T->getAsCXXRecordDecl());
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
  const Expr *E = ast::unwrap(Operand);
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

} // namespace hooks
} // namespace model
} // namespace corosafe
