//===- Runner.cpp - analyze translation units ----------------------------===//
#include "Runner.h"

#include "corosafe/Analysis.h"
#include "corosafe/Facts.h"
#include "corosafe/Rules.h"
#include "corosafe/Suppressions.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>

using namespace clang;

namespace corosafe {

std::vector<std::string> enabledRules(const std::string &Checks) {
  std::vector<std::string> Globs;
  size_t S = 0;
  while (S <= Checks.size()) {
    size_t C = Checks.find(',', S);
    if (C == std::string::npos)
      C = Checks.size();
    std::string G = Checks.substr(S, C - S);
    G.erase(0, G.find_first_not_of(" \t"));
    G.erase(G.find_last_not_of(" \t") + 1);
    if (!G.empty())
      Globs.push_back(G);
    S = C + 1;
  }
  std::vector<std::string> Out;
  for (const RuleInfo &F : allRules()) {
    bool On = Globs.empty();
    for (const std::string &G : Globs) {
      bool Neg = G[0] == '-';
      if (globMatches(Neg ? G.substr(1) : G, F.Id))
        On = !Neg;
    }
    if (On)
      Out.emplace_back(F.Id);
  }
  return Out;
}

namespace {

/// Keeps the first compiler error of a TU, and counts them.
class ErrorCollector : public DiagnosticConsumer {
public:
  unsigned Errors = 0;
  std::string First;
  void HandleDiagnostic(DiagnosticsEngine::Level L,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(L, Info);
    if (L < DiagnosticsEngine::Error)
      return;
    ++Errors;
    if (!First.empty())
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const SourceManager &SM = Info.getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Info.getLocation()));
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" +
                std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    First = Where + std::string(Msg);
  }
};

struct TUContext {
  std::vector<std::unique_ptr<Rule>> Rules;
  std::unique_ptr<FactsCollector> Facts; // when a whole-program rule is on
  nlohmann::json FactsOut;
  std::vector<Finding> Findings;
  std::optional<llvm::Regex> HeaderFilter;
};

class AnalysisConsumer : public ASTConsumer {
public:
  explicit AnalysisConsumer(TUContext &TU) : TU(TU) {
    for (auto &R : TU.Rules)
      R->registerMatchers(Finder);
    if (TU.Facts)
      TU.Facts->registerMatchers(Finder);
  }
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return; // the TU is reported as failed; its AST is not trusted
    if (const char *Crash = std::getenv("COROSAFE_TEST_CRASH_ON")) {
      // Test hook: crash while analyzing a chosen TU, to exercise isolation.
      const SourceManager &SM = Ctx.getSourceManager();
      OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
      if (Main && StringRef(Main->getName()).ends_with(Crash))
        std::raise(SIGSEGV);
    }
    const SourceManager &SM = Ctx.getSourceManager();
    // The rules look at user code only: leave the declarations of system
    // headers (most of asio's and the standard library's AST) out of the
    // matchers' traversal. Instantiations stay reachable through the user's
    // templates and calls.
    std::vector<Decl *> Scope;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      SourceLocation L = SM.getExpansionLoc(D->getLocation());
      if (L.isInvalid() || !SM.isInSystemHeader(L))
        Scope.push_back(D);
    }
    Ctx.setTraversalScope(Scope);
    Finder.matchAST(Ctx);
    if (TU.Facts)
      TU.Facts->finish(Ctx, TU.FactsOut);
    for (auto &R : TU.Rules) {
      std::vector<RawFinding> Raw;
      R->finish(Ctx, Raw);
      for (const RawFinding &F : Raw) {
        SourceLocation L = SM.getExpansionLoc(F.Range.getBegin());
        if (L.isInvalid() || SM.isInSystemHeader(L))
          continue;
        if (!SM.isInMainFile(L)) {
          if (!TU.HeaderFilter)
            continue;
          OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getFileID(L));
          if (!FE || !TU.HeaderFilter->match(FE->getName()))
            continue;
        }
        TU.Findings.push_back(toFinding(F, SM));
      }
    }
  }

private:
  TUContext &TU;
  ast_matchers::MatchFinder Finder;
};

class AnalysisAction : public ASTFrontendAction {
public:
  explicit AnalysisAction(TUContext &TU) : TU(TU) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<AnalysisConsumer>(TU);
  }

private:
  TUContext &TU;
};

class ActionFactory : public tooling::FrontendActionFactory {
public:
  explicit ActionFactory(TUContext &TU) : TU(TU) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(TU);
  }

private:
  TUContext &TU;
};

std::string absolute(StringRef P, StringRef Base = "") {
  llvm::SmallString<256> S(P);
  if (!llvm::sys::path::is_absolute(S)) {
    if (!Base.empty()) {
      llvm::SmallString<256> B(Base);
      llvm::sys::path::append(B, S);
      S = B;
    } else {
      llvm::sys::fs::make_absolute(S);
    }
  }
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

OptionLookup lookupFor(const RunOptions &Opts, std::string_view RuleId) {
  return [&Opts, Prefix = std::string(RuleId) + "."](
             std::string_view Key) -> std::optional<std::string> {
    auto It = Opts.CheckOptions.find(Prefix + std::string(Key));
    if (It == Opts.CheckOptions.end())
      return std::nullopt;
    return It->second;
  };
}

} // namespace

bool runAnalysis(const RunOptions &Opts, RunResult &Result, std::string &Error) {
  std::unique_ptr<tooling::CompilationDatabase> Db;
  std::string Err;
  if (Opts.HaveFixedArgs) {
    Db = std::make_unique<tooling::FixedCompilationDatabase>(".", Opts.FixedArgs);
  } else if (!Opts.BuildDir.empty()) {
    llvm::SmallString<256> Json(Opts.BuildDir);
    llvm::sys::path::append(Json, "compile_commands.json");
    if (!llvm::sys::fs::exists(Opts.BuildDir)) {
      Error = "build directory '" + Opts.BuildDir + "' does not exist";
      return false;
    }
    if (!llvm::sys::fs::exists(Json)) {
      Error = "no compile_commands.json in '" + Opts.BuildDir +
              "' (generate it with cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "
              "or bear)";
      return false;
    }
    Db = tooling::JSONCompilationDatabase::loadFromFile(
        Json, Err, tooling::JSONCommandLineSyntax::AutoDetect);
    if (!Db) {
      Error = "malformed compilation database '" + std::string(Json) +
              "': " + Err;
      return false;
    }
  } else {
    if (Opts.Files.empty()) {
      Error = "no input: give -p BUILD_DIR, or FILE... -- COMPILER ARGS";
      return false;
    }
    Db = tooling::CompilationDatabase::autoDetectFromSource(Opts.Files[0], Err);
    if (!Db) {
      Error = "no compilation database found for '" + Opts.Files[0] +
              "' (give -p BUILD_DIR, or add -- followed by compiler "
              "arguments): " + Err;
      return false;
    }
  }
  Db = tooling::inferMissingCompileCommands(std::move(Db));

  std::vector<std::string> Files;
  if (!Opts.Files.empty()) {
    for (const std::string &F : Opts.Files)
      Files.push_back(absolute(F));
  } else {
    for (const std::string &F : Db->getAllFiles())
      Files.push_back(absolute(F));
    std::sort(Files.begin(), Files.end());
    Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  }
  Result.TUsRequested = Files.size();

  std::vector<std::string> Rules = enabledRules(Opts.Checks);
  std::optional<llvm::Regex> HeaderFilter;
  if (!Opts.HeaderFilter.empty()) {
    HeaderFilter.emplace(Opts.HeaderFilter);
    std::string RegexErr;
    if (!HeaderFilter->isValid(RegexErr)) {
      Error = "invalid --header-filter '" + Opts.HeaderFilter + "': " + RegexErr;
      return false;
    }
  }

  bool WholeProgram = false;
  for (const std::string &Id : Rules)
    WholeProgram |= isWholeProgramRule(Id);
  FullOptionLookup FullLookup =
      [&Opts](std::string_view Key) -> std::optional<std::string> {
    auto It = Opts.CheckOptions.find(std::string(Key));
    if (It == Opts.CheckOptions.end())
      return std::nullopt;
    return It->second;
  };
  std::vector<nlohmann::json> AllFacts;

  llvm::SmallString<256> StartDir;
  llvm::sys::fs::current_path(StartDir);
  llvm::CrashRecoveryContext::Enable();
  size_t Index = 0;
  for (const std::string &File : Files) {
    ++Index;
    auto Fail = [&](const std::string &Msg) {
      ++Result.TUsFailed;
      Result.Notifications.push_back({File, Msg, Level::Error,
                                      "corosafe-tu-failed"});
      llvm::errs() << "corosafe: error: " << Msg << "\n";
    };
    if (!llvm::sys::fs::exists(File)) {
      Fail("cannot analyze '" + File + "': no such file");
      continue;
    }
    if (Db->getCompileCommands(File).empty()) {
      Fail("cannot analyze '" + File + "': no compile command for it");
      continue;
    }
    auto Start = std::chrono::steady_clock::now();
    TUContext TU;
    for (const std::string &Id : Rules)
      for (const RuleFactory &RF : ruleFactories())
        if (RF.Id == Id)
          TU.Rules.push_back(RF.Create(lookupFor(Opts, RF.Id)));
    if (HeaderFilter)
      TU.HeaderFilter.emplace(Opts.HeaderFilter);
    if (WholeProgram)
      TU.Facts = createFactsCollector(FullLookup);

    ErrorCollector Errors;
    int RC = 0;
    bool Crashed = false;
    {
      tooling::ClangTool Tool(*Db, {File});
      Tool.setDiagnosticConsumer(&Errors);
      Tool.setPrintErrorMessage(false);
      Tool.clearArgumentsAdjusters();
      Tool.appendArgumentsAdjuster(tooling::getClangStripOutputAdjuster());
      Tool.appendArgumentsAdjuster(tooling::getClangSyntaxOnlyAdjuster());
      Tool.appendArgumentsAdjuster(
          tooling::getClangStripDependencyFileAdjuster());
      std::vector<std::string> Before = Opts.ExtraArgsBefore;
      Before.push_back(std::string("-resource-dir=") +
                       COROSAFE_CLANG_RESOURCE_DIR);
      Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
          Before, tooling::ArgumentInsertPosition::BEGIN));
      std::vector<std::string> After = Opts.ExtraArgs;
      After.insert(After.begin(), {"-w", "-Wno-unknown-warning-option",
                                   "-fno-caret-diagnostics"});
      Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
          After, tooling::ArgumentInsertPosition::END));
      ActionFactory Factory(TU);
      llvm::CrashRecoveryContext CRC;
      Crashed = !CRC.RunSafely([&] { RC = Tool.run(&Factory); });
    }
    // ClangTool changes into the compile command's directory; after a crash
    // it had no chance to change back.
    llvm::sys::fs::set_current_path(StartDir);
    auto Ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - Start)
                  .count();
    if (Crashed) {
      Fail("cannot analyze '" + File +
           "': corosafe crashed while analyzing it (please report this)");
      continue;
    }
    if (Errors.Errors > 0 || RC != 0) {
      std::string Msg = "cannot analyze '" + File + "': it does not compile";
      if (!Errors.First.empty()) {
        Msg += " (" + Errors.First;
        if (Errors.Errors > 1)
          Msg += "; and " + std::to_string(Errors.Errors - 1) + " more error" +
                 (Errors.Errors > 2 ? "s" : "");
        Msg += ")";
      }
      Fail(Msg);
      continue;
    }
    ++Result.TUsAnalyzed;
    if (Opts.Verbose)
      llvm::errs() << "corosafe: [" << Index << "/" << Files.size() << "] "
                   << File << ": " << TU.Findings.size() << " finding(s) in "
                   << Ms << " ms\n";
    for (Finding &F : TU.Findings)
      Result.Findings.push_back(std::move(F));
    Result.AnalyzedFiles.push_back(File);
    if (TU.Facts)
      AllFacts.push_back(std::move(TU.FactsOut));
  }
  std::sort(Result.AnalyzedFiles.begin(), Result.AnalyzedFiles.end());
  if (WholeProgram) {
    OptionMap Options(Opts.CheckOptions.begin(), Opts.CheckOptions.end());
    ProgramAnalysis PA = analyzeProgram(AllFacts, Rules, Options);
    for (Finding &F : PA.Findings)
      Result.Findings.push_back(std::move(F));
    for (ToolNotification &N : PA.Notifications)
      Result.Notifications.push_back(std::move(N));
  }
  sortAndUnique(Result.Findings);
  applySuppressions(Result.Findings);
  return true;
}

} // namespace corosafe
