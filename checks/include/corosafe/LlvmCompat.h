//===- LlvmCompat.h - the LLVM 19 / LLVM 22 API differences ----*- C++ -*-===//
//
// corosafe builds against LLVM/Clang 19 or 22 (-DCOROSAFE_LLVM_VERSION). Every
// difference between the two APIs that corosafe's code meets is bridged here,
// and nowhere else; the rest of the code is written against the common API.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_LLVMCOMPAT_H
#define COROSAFE_LLVMCOMPAT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR != 19 && LLVM_VERSION_MAJOR != 22
#error "corosafe builds against LLVM/Clang 19 or 22 (-DCOROSAFE_LLVM_VERSION=19|22)"
#endif

/// The header that declares clang::tidy::ClangTidyModuleRegistry, for
/// `#include COROSAFE_TIDY_MODULE_REGISTRY_H`: ClangTidyModule.h since
/// LLVM 22, whose ClangTidyModuleRegistry.h is deprecated with a #warning.
#if LLVM_VERSION_MAJOR >= 22
#define COROSAFE_TIDY_MODULE_REGISTRY_H "clang-tidy/ClangTidyModule.h"
#else
#define COROSAFE_TIDY_MODULE_REGISTRY_H "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace corosafe {

/// The type a class declares (one pointer per class, usable as a cache key
/// and printable). LLVM 22 deletes TagDecl::getTypeForDecl(): tag types are
/// made lazily by the ASTContext.
inline const clang::Type *typeOfRecord(const clang::CXXRecordDecl *RD) {
#if LLVM_VERSION_MAJOR >= 22
  return RD->getASTContext().getCanonicalTagType(RD).getTypePtr();
#else
  return RD->getTypeForDecl();
#endif
}

} // namespace corosafe

#endif // COROSAFE_LLVMCOMPAT_H
