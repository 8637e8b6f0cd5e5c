//===- AstUtil.h - small AST helpers shared by the model and rules -*- C++ -*-===//
//
// Framework-neutral helpers: what an expression denotes once implicit
// conversions and copies are stripped, which variables live in a coroutine
// frame, how to name a function in a message. Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_MODEL_ASTUTIL_H
#define COROSAFE_MODEL_ASTUTIL_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class AnnotateAttr;
}

namespace corosafe {
namespace ast {

/// Strips what does not change which value an expression denotes: implicit
/// casts, parentheses, temporaries, copy/move constructions, std::move.
const clang::Expr *unwrap(const clang::Expr *E);

/// std::move(x) / std::forward(x).
bool isStdMove(const clang::CallExpr *C);

/// A variable whose storage lives in the coroutine frame: a local by value,
/// or a by-value parameter (coroutines copy them into the frame).
bool isFrameLocal(const clang::VarDecl *V);

/// The definition of FD if it is a coroutine with a body, else nullptr.
const clang::FunctionDecl *coroutineDefinition(const clang::FunctionDecl *FD);

/// A human-readable name for a function ("reader", "Session::run",
/// "lambda at line 12").
std::string displayName(const clang::FunctionDecl *FD);

/// The number of arguments written at the call (library functions often take
/// trailing defaulted constraint parameters).
unsigned explicitArgs(const clang::CallExpr *C);

/// A profile's `executor` position written `Qualifier`: the object of a
/// member call (`pool.schedule()`, `executor->submit(f)`).
constexpr int QualifierPos = -1000;

/// The argument at position \p Pos (negative: from the last one written;
/// QualifierPos: the object of a member call).
const clang::Expr *argAt(const clang::CallExpr *C, int Pos);

/// A call through a function object declared outside any function (a
/// customization point object: `stdexec::when_any(a, b)`,
/// `unifex::schedule(s)`): the object's variable, else nullptr.
const clang::VarDecl *functionObject(const clang::CallExpr *C);

/// What a profile row names for the call \p C: the function object's
/// variable for a call through one, else the called function.
const clang::NamedDecl *calleeOf(const clang::CallExpr *C);

/// argAt() as profile rows count arguments: the function object of a call
/// through one is not an argument.
const clang::Expr *rowArgAt(const clang::CallExpr *C, int Pos);
/// explicitArgs() as profile rows count them.
unsigned rowArgs(const clang::CallExpr *C);

/// The operand of a co_await / co_yield, as written.
const clang::Expr *operandOf(const clang::CoroutineSuspendExpr *S);

/// The class of T after references, one pointer level and cv-qualifiers.
const clang::CXXRecordDecl *recordOf(clang::QualType T);

/// True if D, or the template D is specialized from, carries
/// [[clang::annotate(Text)]].
bool hasAnnotation(const clang::Decl *D, llvm::StringRef Text);

/// The [[clang::annotate(Text, ...)]] of D: on any of its declarations, or
/// on the template it was instantiated from. nullptr if there is none.
const clang::AnnotateAttr *findAnnotation(const clang::Decl *D,
                                          llvm::StringRef Text);

/// Argument \p I (after the text) of an annotation, if it is an integer
/// constant.
std::optional<int64_t> annotationArg(const clang::AnnotateAttr *A, unsigned I,
                                     const clang::ASTContext &Ctx);

/// "'x'"
std::string quote(llvm::StringRef S);

/// Names as AST matchers take them (hasAnyName copies them).
std::vector<llvm::StringRef> refs(const std::vector<std::string> &Names);

/// For an operand written as a lambda `[&](auto t) { return op(..., t); }`,
/// the expression it returns (from an instantiation).
const clang::Expr *lambdaReturnedExpr(const clang::LambdaExpr *L);

/// A lambda written at E, or the lambda a local variable E names was
/// initialized with.
const clang::LambdaExpr *asLambda(const clang::Expr *E);

} // namespace ast
} // namespace corosafe

#endif
