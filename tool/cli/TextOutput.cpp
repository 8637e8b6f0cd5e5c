//===- TextOutput.cpp - compiler-style text output -----------------------===//
//
// Uses Clang's own TextDiagnosticPrinter, so carets, ranges and colours look
// exactly like the compiler's (and like clang-tidy's).
//
//===----------------------------------------------------------------------===//
#include "TextOutput.h"

#include "corosafe/LlvmCompat.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace corosafe {

void printText(const RunResult &R, llvm::raw_ostream &OS, bool Color,
               const std::string &SourceRoot) {
  DiagnosticOptionsHolder DiagOpts;
  DiagOpts.get().ShowColors = Color;
  TextDiagnosticPrinter Printer(OS, DiagOpts.forPrinter());
  IntrusiveRefCntPtr<DiagnosticIDs> IDs(new DiagnosticIDs());
  DiagnosticsEngine Diags(IDs, DiagOpts.forEngine(), &Printer,
                          /*ShouldOwnClient=*/false);
  FileSystemOptions FSOpts;
  if (!SourceRoot.empty())
    FSOpts.WorkingDir = SourceRoot;
  FileManager FM(FSOpts);
  SourceManager SM(Diags, FM);
  Diags.setSourceManager(&SM);
  LangOptions LO;
  LO.CPlusPlus = LO.CPlusPlus20 = true;
  Printer.BeginSourceFile(LO, nullptr);

  auto Display = [&](const std::string &Path) {
    if (!SourceRoot.empty() && Path.size() > SourceRoot.size() + 1 &&
        Path.compare(0, SourceRoot.size(), SourceRoot) == 0 &&
        Path[SourceRoot.size()] == '/')
      return Path.substr(SourceRoot.size() + 1);
    return Path;
  };
  auto Range = [&](const SourceRegion &Reg) -> CharSourceRange {
    auto FE = FM.getOptionalFileRef(Display(Reg.File));
    if (!FE)
      return {};
    FileID FID = SM.getOrCreateFileID(*FE, SrcMgr::C_User);
    SourceLocation B = SM.translateLineCol(FID, Reg.Line, Reg.Column);
    // Only the first line is highlighted: clang prints every line of a
    // multi-line range, which buries the message.
    SourceLocation E =
        (Reg.EndLine == Reg.Line && Reg.EndColumn > Reg.Column)
            ? SM.translateLineCol(FID, Reg.Line, Reg.EndColumn)
            : B.getLocWithOffset(1);
    return CharSourceRange::getCharRange(B, E);
  };

  for (const Finding &F : R.Findings) {
    if (F.Suppressed || F.BaselineState == "unchanged")
      continue;
    DiagnosticIDs::Level L = F.Lvl == Level::Note    ? DiagnosticIDs::Remark
                             : F.Lvl == Level::Error ? DiagnosticIDs::Error
                                                     : DiagnosticIDs::Warning;
    CharSourceRange CR = Range(F.Loc);
    if (CR.isInvalid()) {
      // The file is gone: print the location as text.
      OS << Display(F.Loc.File) << ":" << F.Loc.Line << ":" << F.Loc.Column
         << ": " << (F.Lvl == Level::Note ? "remark" : levelName(F.Lvl))
         << ": " << F.Message << " [" << F.RuleId << "]\n";
      for (const RelatedNote &N : F.Notes)
        OS << Display(N.Loc.File) << ":" << N.Loc.Line << ":" << N.Loc.Column
           << ": note: " << N.Message << "\n";
      if (!F.Help.empty())
        OS << "note: " << F.Help << "\n";
      continue;
    }
    unsigned ID = IDs->getCustomDiagID(L, "%0 [%1]");
    Diags.Report(CR.getBegin(), ID) << F.Message << F.RuleId << CR;
    unsigned NoteID = IDs->getCustomDiagID(DiagnosticIDs::Note, "%0");
    for (const RelatedNote &N : F.Notes) {
      CharSourceRange NR = Range(N.Loc);
      Diags.Report(NR.getBegin(), NoteID) << N.Message << NR;
    }
    if (!F.Help.empty())
      Diags.Report(SourceLocation(), NoteID) << F.Help;
  }
  Printer.EndSourceFile();
  OS.flush();
}

} // namespace corosafe
