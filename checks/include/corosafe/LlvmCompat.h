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
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Config/llvm-config.h"

#include <memory>

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

/// DiagnosticOptions for a TextDiagnosticPrinter and its DiagnosticsEngine,
/// which both keep a reference: reference counted and passed by pointer in
/// LLVM 19, owned by the caller and passed by reference in LLVM 22. Declare
/// the holder before the printer and the engine (it must outlive them).
class DiagnosticOptionsHolder {
public:
  clang::DiagnosticOptions &get() { return *Opts; }
#if LLVM_VERSION_MAJOR >= 22
  clang::DiagnosticOptions &forPrinter() { return *Opts; }
  clang::DiagnosticOptions &forEngine() { return *Opts; }

private:
  std::unique_ptr<clang::DiagnosticOptions> Opts =
      std::make_unique<clang::DiagnosticOptions>();
#else
  clang::DiagnosticOptions *forPrinter() { return Opts.get(); }
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> forEngine() { return Opts; }

private:
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> Opts =
      new clang::DiagnosticOptions();
#endif
};

} // namespace corosafe

#endif // COROSAFE_LLVMCOMPAT_H
