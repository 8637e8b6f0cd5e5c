//===- Runner.cpp - analyze translation units ----------------------------===//
#include "Runner.h"
#include "Selection.h"

#include "corosafe/Analysis.h"
#include "corosafe/Facts.h"
#include "corosafe/ProfileLoader.h"
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
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <unistd.h>

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
  std::shared_ptr<TUModel> Model; // outlives the rules that refer to it
  std::vector<std::unique_ptr<Rule>> Rules;
  std::unique_ptr<FactsCollector> Facts; // when a whole-program rule is on
  TUFacts FactsOut;
  std::vector<Finding> Findings;
  std::optional<llvm::Regex> HeaderFilter;
  std::vector<Dependency> Dependencies;
  bool Analyzed = false;
};

/// Every file the TU read (main file, headers), with the hash of the very
/// contents that were parsed: the cache entry is valid while they are
/// unchanged.
std::vector<Dependency> dependenciesOf(const SourceManager &SM) {
  std::vector<Dependency> Deps;
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    FileEntryRef FE = It->first;
    std::string Path(FE.getFileEntry().tryGetRealPathName());
    if (Path.empty()) {
      llvm::SmallString<256> P(FE.getName());
      SM.getFileManager().makeAbsolutePath(P);
      llvm::sys::path::remove_dots(P, true);
      Path = std::string(P);
    }
    std::string Hash;
    if (auto Buf = It->second->getBufferIfLoaded())
      Hash = hashHex(
          std::string_view(Buf->getBufferStart(), Buf->getBufferSize()));
    else
      Hash = hashFile(Path);
    Deps.push_back({std::move(Path), std::move(Hash)});
  }
  std::sort(Deps.begin(), Deps.end(),
            [](const Dependency &A, const Dependency &B) {
              return std::tie(A.Path, A.Hash) < std::tie(B.Path, B.Hash);
            });
  Deps.erase(std::unique(Deps.begin(), Deps.end(),
                         [](const Dependency &A, const Dependency &B) {
                           return A.Path == B.Path && A.Hash == B.Hash;
                         }),
             Deps.end());
  return Deps;
}

/// Test hooks: whether the environment variable names a suffix of \p File.
bool hookMatches(const char *Var, StringRef File) {
  const char *Suffix = std::getenv(Var);
  return Suffix && *Suffix && File.ends_with(Suffix);
}

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
    const SourceManager &SM = Ctx.getSourceManager();
    // Test hooks: crash or hang while analyzing a chosen TU, to exercise
    // the isolation of workers and --timeout.
    if (OptionalFileEntryRef Main =
            SM.getFileEntryRefForID(SM.getMainFileID())) {
      if (hookMatches("COROSAFE_TEST_CRASH_ON", Main->getName())) {
        // LLVM's handler (if installed) prints the stack dump, restores the
        // default action and returns, as for a real fault that would
        // re-execute; a raised signal does not, so raise it once more.
        std::raise(SIGSEGV);
        std::raise(SIGSEGV);
      }
      // The language server's tests hang a run by the file's contents, so
      // that a later save of other contents is not hooked.
      const char *Marker = std::getenv("COROSAFE_TEST_HANG_IF_CONTAINS");
      if (hookMatches("COROSAFE_TEST_HANG_ON", Main->getName()) ||
          (Marker && *Marker &&
           SM.getBufferData(SM.getMainFileID()).contains(Marker))) {
        // With a child of its own, which a timeout or an interruption must
        // end as well (the worker's process group is killed).
        if (std::getenv("COROSAFE_TEST_HANG_FORK"))
          (void)::fork();
        for (;;)
          std::this_thread::sleep_for(std::chrono::seconds(1));
      }
    }
    // The rules look at user code only (analysisScope): system headers and
    // the profiles' namespaces stay out of the traversal and the parent map.
    Ctx.setTraversalScope(analysisScope(Ctx, *TU.Model));
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
    TU.Dependencies = dependenciesOf(SM);
    TU.Analyzed = true;
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


OptionLookup lookupFor(const std::map<std::string, std::string> &Options,
                       std::string_view RuleId) {
  return [&Options, Prefix = std::string(RuleId) + "."](
             std::string_view Key) -> std::optional<std::string> {
    auto It = Options.find(Prefix + std::string(Key));
    if (It == Options.end())
      return std::nullopt;
    return It->second;
  };
}

/// The database of one job: its final command, already adjusted.
class SingleCommandDatabase : public tooling::CompilationDatabase {
public:
  explicit SingleCommandDatabase(tooling::CompileCommand Cmd)
      : Cmd(std::move(Cmd)) {}
  std::vector<tooling::CompileCommand>
  getCompileCommands(StringRef) const override {
    return {Cmd};
  }
  std::vector<std::string> getAllFiles() const override {
    return {Cmd.Filename};
  }

private:
  tooling::CompileCommand Cmd;
};

} // namespace

static FullOptionLookup
fullLookup(const std::map<std::string, std::string> &Options) {
  return [&Options](std::string_view Key) -> std::optional<std::string> {
    auto It = Options.find(std::string(Key));
    if (It == Options.end())
      return std::nullopt;
    return It->second;
  };
}

bool makeConfig(const RunOptions &Opts, AnalysisConfig &Config,
                std::string &Error,
                std::vector<ToolNotification> *Problems) {
  Config.Rules = enabledRules(Opts.Checks);
  std::sort(Config.Rules.begin(), Config.Rules.end());
  Config.Options = Opts.CheckOptions;
  Config.HeaderFilter = Opts.HeaderFilter;
  // The profiles: a malformed one stops the run before any TU is parsed.
  std::shared_ptr<const ProfileSet> Profiles =
      sharedProfiles(fullLookup(Config.Options), Error);
  if (!Profiles)
    return false;
  Config.ProfileDigest = Profiles->Digest;
  // Every rule reads its options once here too, so that a bad value is
  // reported once per run (the workers read them again, silently).
  if (Problems) {
    std::shared_ptr<TUModel> Model = createTUModel(Profiles);
    for (const std::string &Id : Config.Rules)
      for (const RuleFactory &RF : ruleFactories())
        if (RF.Id == Id) {
          RuleOptions RO(RF.Id, lookupFor(Config.Options, RF.Id));
          RF.Create(RO, *Model);
          for (const ToolNotification &N : RO.problems())
            Problems->push_back(N);
        }
  }
  if (!Opts.HeaderFilter.empty()) {
    llvm::Regex R(Opts.HeaderFilter);
    std::string RegexErr;
    if (!R.isValid(RegexErr)) {
      Error =
          "invalid --header-filter '" + Opts.HeaderFilter + "': " + RegexErr;
      return false;
    }
  }
  return true;
}

bool listBuiltinProfiles(std::ostream &OS, std::string &Error) {
  for (const BuiltinProfile &B : builtinProfiles()) {
    Profile P;
    if (!parseProfile(StringRef(B.Text.data(), B.Text.size()),
                      "builtin:" + std::string(B.Id), P, Error))
      return false;
    OS << P.Id << "  " << P.Title;
    if (!P.Mirrors.empty())
      OS << "  (checked against " << P.Mirrors << ")";
    OS << "\n";
  }
  return true;
}

bool dumpConfig(const RunOptions &Opts, std::string &Text, std::string &Error) {
  AnalysisConfig Config;
  if (!makeConfig(Opts, Config, Error))
    return false;
  std::shared_ptr<const ProfileSet> Profiles =
      sharedProfiles(fullLookup(Config.Options), Error);
  if (!Profiles)
    return false;
  nlohmann::ordered_json J;
  std::string Checks;
  for (const std::string &Id : Config.Rules)
    Checks += (Checks.empty() ? "-*," : ",") + Id;
  J["Checks"] = Checks;
  J["HeaderFilterRegex"] = Config.HeaderFilter;
  std::map<std::string, std::string> Effective(Config.Options.begin(),
                                               Config.Options.end());
  std::shared_ptr<TUModel> Model = createTUModel(Profiles);
  for (const std::string &Id : Config.Rules)
    for (const RuleFactory &RF : ruleFactories())
      if (RF.Id == Id) {
        RuleOptions RO(RF.Id, lookupFor(Config.Options, RF.Id));
        for (const auto &[K, V] : RF.Create(RO, *Model)->options())
          Effective[std::string(RF.Id) + "." + K] = V;
      }
  // The whole-program rules' options, with their defaults (as the plugin's
  // clang-tidy -dump-config shows them).
  for (const std::string &Id : Config.Rules) {
    if (Id == "corosafe-channel-cycle") {
      Effective.emplace(Id + ".MaxCycles", "100");
      Effective.emplace(Id + ".MaxTaskInstances", "10000");
      Effective.emplace(Id + ".BoundedChannelTypes", "");
    } else if (Id == "corosafe-unbounded-channel") {
      Effective.emplace(Id + ".UnboundedChannelTypes", "");
    }
  }
  J["CheckOptions"] = Effective;
  ProfileOptions PO = profileOptions(fullLookup(Config.Options));
  J["BuiltinProfiles"] = PO.Builtins;
  J["Profiles"] = PO.Files;
  nlohmann::ordered_json Active = nlohmann::ordered_json::array();
  for (const Profile &P : Profiles->Profiles) {
    nlohmann::ordered_json A;
    A["id"] = P.Id;
    A["source"] = P.Source;
    A["title"] = P.Title;
    if (!P.Mirrors.empty())
      A["mirrors"] = P.Mirrors;
    Active.push_back(std::move(A));
  }
  J["ActiveProfiles"] = Active;
  J["ProfileDigest"] = Profiles->Digest;
  Text = J.dump(2) + "\n";
  return true;
}


TUResult analyzeTU(const TUJob &Job, const AnalysisConfig &Config) {
  TUResult R;
  R.ToolVersion = std::string(toolVersion());
  R.File = Job.File;
  R.CommandHash = Job.commandHash();
  R.Config = Config;
  if (!Job.Error.empty()) {
    R.Message = Job.Error;
    return R;
  }

  TUContext TU;
  FullOptionLookup FullLookup = fullLookup(Config.Options);
  std::string ProfileErr;
  std::shared_ptr<const ProfileSet> Profiles =
      sharedProfiles(FullLookup, ProfileErr);
  if (!Profiles) {
    R.Message = "cannot analyze '" + Job.File + "': " + ProfileErr;
    return R;
  }
  TU.Model = createTUModel(Profiles);
  bool WholeProgram = false, CancelFacts = false;
  for (const std::string &Id : Config.Rules) {
    WholeProgram |= hasMergeStep(Id);
    CancelFacts |= Id == "corosafe-cancel-select";
    for (const RuleFactory &RF : ruleFactories())
      if (RF.Id == Id) {
        RuleOptions RO(RF.Id, lookupFor(Config.Options, RF.Id));
        TU.Rules.push_back(RF.Create(RO, *TU.Model));
      }
  }
  if (!Config.HeaderFilter.empty())
    TU.HeaderFilter.emplace(Config.HeaderFilter);
  if (WholeProgram)
    TU.Facts = createFactsCollector(*TU.Model, CancelFacts);

  ErrorCollector Errors;
  int RC = 0;
  {
    SingleCommandDatabase Db(tooling::CompileCommand(
        Job.Directory, Job.File, Job.Arguments, /*Output=*/""));
    tooling::ClangTool Tool(Db, {Job.File});
    Tool.setDiagnosticConsumer(&Errors);
    Tool.setPrintErrorMessage(false);
    Tool.clearArgumentsAdjusters(); // the job's command is final
    ActionFactory Factory(TU);
    RC = Tool.run(&Factory);
  }
  if (Errors.Errors > 0 || RC != 0 || !TU.Analyzed) {
    std::string Msg = "cannot analyze '" + Job.File + "': it does not compile";
    if (!Errors.First.empty()) {
      Msg += " (" + Errors.First;
      if (Errors.Errors > 1)
        Msg += "; and " + std::to_string(Errors.Errors - 1) + " more error" +
               (Errors.Errors > 2 ? "s" : "");
      Msg += ")";
    }
    R.Message = Msg;
    return R;
  }
  R.Ok = true;
  R.Findings = std::move(TU.Findings);
  sortAndUnique(R.Findings);
  if (TU.Facts)
    R.Facts = std::move(TU.FactsOut);
  R.Dependencies = std::move(TU.Dependencies);
  return R;
}

int runWorker(const std::string &JobPath, const std::string &OutPath) {
  auto Buf = llvm::MemoryBuffer::getFile(JobPath, /*IsText=*/true);
  if (!Buf) {
    llvm::errs() << "corosafe: error: cannot read job file '" << JobPath
                 << "'\n";
    return 2;
  }
  nlohmann::json J = nlohmann::json::parse((*Buf)->getBuffer().begin(),
                                           (*Buf)->getBuffer().end(), nullptr,
                                           /*allow_exceptions=*/false);
  TUJob Job;
  AnalysisConfig Config;
  if (J.is_discarded() || !TUJob::fromJson(J, Job, Config)) {
    llvm::errs() << "corosafe: error: malformed job file '" << JobPath << "'\n";
    return 2;
  }
  TUResult R = analyzeTU(Job, Config);
  std::string Err;
  if (!writeTUResult(R, OutPath, Err)) {
    llvm::errs() << "corosafe: error: " << Err << "\n";
    return 2;
  }
  return 0;
}

} // namespace corosafe
