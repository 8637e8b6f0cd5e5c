//===- Analysis.cpp - rule registry and conversion to plain data ---------===//
#include "corosafe/Analysis.h"
#include "RuleSupport.h"
#include "model/TUModel.h"

#include "corosafe/Rules.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corosafe {

Rule::~Rule() = default;

std::string helpLine(std::string_view RuleId, std::string_view Fix) {
  const RuleInfo *R = findRule(RuleId);
  return "fix: " + std::string(Fix) + "; see " + (R ? ruleHelpUri(*R) : "");
}

std::shared_ptr<TUModel> createTUModel(std::shared_ptr<const ProfileSet> P) {
  return std::make_shared<TUModel>(std::move(P));
}

const std::vector<RuleFactory> &ruleFactories() {
  static const std::vector<RuleFactory> Factories = {
      {"corosafe-cancel-select", createCancelSelectRule},
      {"corosafe-send-escape", createSendEscapeRule},
      {"corosafe-thread-bound-across-suspend",
       createThreadBoundAcrossSuspendRule},
  };
  return Factories;
}

static void addToScope(const DeclContext *DC, const SourceManager &SM,
                       const model::CoroModel &M, std::vector<Decl *> &Out) {
  for (Decl *D : DC->decls()) {
    SourceLocation L = SM.getExpansionLoc(D->getLocation());
    if (L.isValid() && SM.isInSystemHeader(L))
      continue;
    if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
      if (M.isLibraryNamespace(NS))
        continue;
      if (M.enclosesLibrary(NS)) {
        addToScope(NS, SM, M, Out);
        continue;
      }
    }
    Out.push_back(D);
  }
}

std::vector<Decl *> analysisScope(ASTContext &Ctx, const TUModel &Model) {
  std::vector<Decl *> Out;
  addToScope(Ctx.getTranslationUnitDecl(), Ctx.getSourceManager(),
             Model.coro(), Out);
  return Out;
}

static std::string absolutePath(const SourceManager &SM, FileID FID) {
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return "";
  llvm::SmallString<256> P;
  StringRef Real = FE->getFileEntry().tryGetRealPathName();
  if (!Real.empty()) {
    P = Real;
  } else {
    P = FE->getName();
    llvm::sys::fs::make_absolute(P);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

SourceRegion toRegion(SourceRange R, const SourceManager &SM) {
  SourceRegion Out;
  if (R.isInvalid())
    return Out;
  SourceLocation B = SM.getExpansionLoc(R.getBegin());
  SourceLocation E = SM.getExpansionLoc(R.getEnd().isValid() ? R.getEnd()
                                                             : R.getBegin());
  // The end of a SourceRange is the start of its last token.
  E = Lexer::getLocForEndOfToken(E, 0, SM, LangOptions());
  if (E.isInvalid() || SM.getFileID(E) != SM.getFileID(B))
    E = B.getLocWithOffset(1);
  Out.File = absolutePath(SM, SM.getFileID(B));
  Out.Line = SM.getSpellingLineNumber(B);
  Out.Column = SM.getSpellingColumnNumber(B);
  Out.EndLine = SM.getSpellingLineNumber(E);
  Out.EndColumn = SM.getSpellingColumnNumber(E);
  if (Out.EndLine < Out.Line ||
      (Out.EndLine == Out.Line && Out.EndColumn <= Out.Column)) {
    Out.EndLine = Out.Line;
    Out.EndColumn = Out.Column + 1;
  }
  return Out;
}

std::string enclosingName(const Decl *D) {
  if (const auto *ND = dyn_cast_or_null<NamedDecl>(D))
    return ND->getQualifiedNameAsString();
  return "";
}

Finding toFinding(const RawFinding &F, const SourceManager &SM) {
  Finding Out;
  Out.RuleId = F.RuleId;
  Out.Lvl = F.Lvl;
  Out.Loc = toRegion(F.Range, SM);
  Out.Message = F.Message;
  Out.MessageKey = F.MessageKey;
  Out.Help = F.Help;
  Out.Enclosing = enclosingName(F.Enclosing);
  for (const RawNote &N : F.Notes)
    Out.Notes.push_back({toRegion(N.Range, SM), N.Message});
  return Out;
}

} // namespace corosafe
