//===- CorosafeTidyModule.cpp - corosafe as a clang-tidy plugin ----------===//
//
// One ClangTidyCheck per corosafe rule, each a thin adapter over the rule in
// checks/: options come from CheckOptions, findings become clang-tidy
// diagnostics (notes as notes, level note as remark). NOLINT handling,
// header filtering and output formats are clang-tidy's.
//
// The `.corosafe.yaml` found upward from the main file (the CLI's reader,
// corosafe/ConfigFile.h) adds what is corosafe's own: profiles, inline
// profile rows, BuiltinProfiles, CheckOptions, Checks (which narrow the
// checks clang-tidy enables), WarningsAsErrors, with their per-path
// Overrides. clang-tidy's own CheckOptions win where they set an option
// (docs/configuration.md).
//
//===----------------------------------------------------------------------===//
#include "corosafe/Analysis.h"
#include "corosafe/ConfigFile.h"
#include "corosafe/Facts.h"
#include "corosafe/ProfileLoader.h"
#include "corosafe/LlvmCompat.h"
#include "corosafe/Rules.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include COROSAFE_TIDY_MODULE_REGISTRY_H
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/FileManager.h"

#include <map>
#include <memory>
#include <optional>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy;

namespace corosafe {
namespace {

/// What the checks of one translation unit share: the options of every
/// check, the profiles, the model of the TU and the whole-program facts
/// (clang-tidy creates the checks of a TU together and destroys them
/// together; the last owner frees it).
struct SharedTU {
  ClangTidyOptions::OptionMap AllOptions;
  std::string ProfileError; // the profiles could not be read
  bool ProfileErrorReported = false; // once per TU, not once per check
  std::shared_ptr<TUModel> Model;
  std::unique_ptr<FactsCollector> Collector;
  bool MatchersRegistered = false;
  /// The TU's facts, once collected: the whole program, as far as the
  /// plugin can see.
  std::optional<std::vector<TUFacts>> Facts;
  /// From .corosafe.yaml: the rules it enables and those whose warnings
  /// are errors (unset: no such key).
  std::optional<std::string> Checks, WarningsAsErrors;

  bool enabled(StringRef Id) const {
    return !Checks || ruleGlobsMatch(*Checks, std::string_view(Id));
  }
  DiagnosticIDs::Level level(StringRef Id, Level L) const {
    if (L == Level::Note)
      return DiagnosticIDs::Remark;
    if (L == Level::Error ||
        (WarningsAsErrors &&
         ruleGlobsMatch(*WarningsAsErrors, std::string_view(Id))))
      return DiagnosticIDs::Error;
    return DiagnosticIDs::Warning;
  }
};

std::shared_ptr<SharedTU> sharedFor(ClangTidyContext *Context) {
  static std::map<ClangTidyContext *, std::weak_ptr<SharedTU>> Live;
  if (std::shared_ptr<SharedTU> S = Live[Context].lock())
    return S;
  auto S = std::make_shared<SharedTU>();
  S->AllOptions = Context->getOptions().CheckOptions;
  // The configuration file of the main file; clang-tidy's options win.
  std::string File = Context->getCurrentFile().str();
  std::vector<std::shared_ptr<const ConfigFile>> Chain;
  if (!File.empty() && !configChain(File, "", Chain, S->ProfileError)) {
    Live[Context] = S;
    return S; // no model: every check reports the error once
  }
  EffectiveConfig E = mergeConfig(Chain, File);
  std::map<std::string, std::string> FromFile;
  configOptions(E, FromFile);
  for (const auto &[K, V] : FromFile)
    S->AllOptions.try_emplace(K, ClangTidyOptions::ClangTidyValue(V));
  S->Checks = E.Keys.Checks;
  if (auto It = S->AllOptions.find(WarningsAsErrorsOption);
      It != S->AllOptions.end())
    S->WarningsAsErrors = It->second.Value;
  FullOptionLookup Full =
      [Opts = &S->AllOptions](std::string_view Key)
      -> std::optional<std::string> {
    auto It = Opts->find(StringRef(Key.data(), Key.size()));
    if (It == Opts->end())
      return std::nullopt;
    return It->second.Value;
  };
  if (std::shared_ptr<const ProfileSet> P =
          sharedProfiles(Full, S->ProfileError)) {
    S->Model = createTUModel(P);
    S->Collector = createFactsCollector(*S->Model);
  }
  Live[Context] = S;
  return S;
}

class RuleCheck : public ClangTidyCheck {
public:
  RuleCheck(StringRef Name, ClangTidyContext *Context, const RuleFactory &F)
      : ClangTidyCheck(Name, Context), TheId(Name.str()),
        Shared(sharedFor(Context)) {
    if (!Shared->Model) {
      if (!Shared->ProfileErrorReported)
        configurationDiag("corosafe: %0", DiagnosticIDs::Error)
            << Shared->ProfileError;
      Shared->ProfileErrorReported = true;
      return;
    }
    if (!Shared->enabled(Name))
      return; // .corosafe.yaml's Checks leave it out
    RuleOptions RO(F.Id, [this](std::string_view Key) -> std::optional<std::string> {
      if (std::optional<StringRef> V =
              Options.get(StringRef(Key.data(), Key.size())))
        return V->str();
      auto It = Shared->AllOptions.find(
          (TheId + "." + StringRef(Key.data(), Key.size())).str());
      if (It != Shared->AllOptions.end())
        return It->second.Value;
      return std::nullopt;
    });
    TheRule = F.Create(RO, *Shared->Model);
    for (const ToolNotification &N : RO.problems())
      configurationDiag("%0") << N.Message;
  }

  bool isLanguageVersionSupported(const LangOptions &L) const override {
    return L.CPlusPlus20;
  }

  void registerMatchers(MatchFinder *Finder) override {
    if (!TheRule)
      return;
    TheRule->registerMatchers(*Finder);
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    Ctx = Result.Context;
  }

  void onEndOfTranslationUnit() override {
    if (!Ctx || !TheRule)
      return;
    std::vector<RawFinding> Findings;
    TheRule->finish(*Ctx, Findings);
    for (const RawFinding &F : Findings) {
      DiagnosticIDs::Level L = Shared->level(TheId, F.Lvl);
      diag(F.Range.getBegin(), "%0", L) << F.Message << oneLine(F.Range);
      for (const RawNote &N : F.Notes)
        diag(N.Range.getBegin(), "%0", DiagnosticIDs::Note)
            << N.Message << oneLine(N.Range);
      if (!F.Help.empty())
        diag(SourceLocation(), "%0", DiagnosticIDs::Note) << F.Help;
    }
    Ctx = nullptr;
  }

  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    if (!TheRule)
      return;
    for (const auto &[K, V] : TheRule->options())
      Options.store(Opts, K, V);
  }

private:
  /// Multi-line ranges make clang print every line of the range; keep the
  /// caret and the highlight on the first line, like the CLI.
  SourceRange oneLine(SourceRange R) const {
    const SourceManager &SM = Ctx->getSourceManager();
    if (R.isInvalid() || R.getBegin() == R.getEnd())
      return R;
    SourceLocation B = SM.getExpansionLoc(R.getBegin());
    SourceLocation E = SM.getExpansionLoc(R.getEnd());
    if (SM.getFileID(B) != SM.getFileID(E) ||
        SM.getSpellingLineNumber(B) != SM.getSpellingLineNumber(E))
      return SourceRange(B, B);
    return R;
  }

  std::string TheId;
  std::shared_ptr<SharedTU> Shared;
  std::unique_ptr<Rule> TheRule;
  ASTContext *Ctx = nullptr;
};

/// A whole-program rule, run on this translation unit alone: the facts of
/// the TU are collected and analyzed as if they were the whole program, so a
/// cycle within one file is reported in the editor with the same rule id.
class WholeProgramCheck : public ClangTidyCheck {
public:
  WholeProgramCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Id(Name.str()),
        Shared(sharedFor(Context)) {
    if (!Shared->Model && !Shared->ProfileErrorReported)
      configurationDiag("corosafe: %0", DiagnosticIDs::Error)
          << Shared->ProfileError;
    Shared->ProfileErrorReported = true;
  }

  bool isLanguageVersionSupported(const LangOptions &L) const override {
    return L.CPlusPlus20;
  }

  void registerMatchers(MatchFinder *Finder) override {
    if (!Shared->Collector || !Shared->enabled(Id))
      return;
    if (!Shared->MatchersRegistered) {
      Shared->Collector->registerMatchers(*Finder);
      Shared->MatchersRegistered = true;
    }
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    Ctx = Result.Context;
  }

  void onEndOfTranslationUnit() override {
    if (!Ctx)
      return;
    if (!Shared->Facts) {
      Shared->Facts.emplace(1);
      Shared->Collector->finish(*Ctx, Shared->Facts->front());
    }
    OptionMap Opts;
    for (const auto &E : Shared->AllOptions)
      Opts[E.getKey().str()] = E.getValue().Value;
    ProgramAnalysis PA = analyzeProgram(*Shared->Facts, {Id}, Opts);
    for (const Finding &F : PA.Findings) {
      DiagnosticIDs::Level L = Shared->level(Id, F.Lvl);
      diag(locationOf(F.Loc), "%0", L) << F.Message;
      for (const RelatedNote &N : F.Notes)
        diag(locationOf(N.Loc), "%0", DiagnosticIDs::Note) << N.Message;
      if (!F.Help.empty())
        diag(SourceLocation(), "%0", DiagnosticIDs::Note) << F.Help;
    }
    Ctx = nullptr;
  }

  /// The effective options, for clang-tidy --dump-config.
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    auto Store = [&](StringRef Key, StringRef Default) {
      Options.store(Opts, Key, Options.get(Key, Default));
    };
    if (Id == "corosafe-channel-cycle") {
      Store("MaxCycles", "100");
      Store("MaxTaskInstances", "10000");
      Store("BoundedChannelTypes", "");
    } else {
      Store("UnboundedChannelTypes", "");
    }
  }

private:
  SourceLocation locationOf(const SourceRegion &R) const {
    SourceManager &SM = Ctx->getSourceManager();
    if (!R.valid())
      return SourceLocation();
    llvm::Expected<FileEntryRef> FE =
        SM.getFileManager().getFileRef(R.File, /*OpenFile=*/false);
    if (!FE) {
      llvm::consumeError(FE.takeError());
      return SourceLocation();
    }
    return SM.translateFileLineCol(*FE, R.Line, R.Column);
  }

  std::string Id;
  std::shared_ptr<SharedTU> Shared;
  ASTContext *Ctx = nullptr;
};

class CorosafeModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const RuleFactory &RF : ruleFactories()) {
      const RuleFactory *P = &RF;
      Factories.registerCheckFactory(
          StringRef(RF.Id.data(), RF.Id.size()),
          [P](StringRef Name, ClangTidyContext *Context) {
            return std::make_unique<RuleCheck>(Name, Context, *P);
          });
    }
    for (const RuleInfo &R : allRules()) {
      if (!isWholeProgramRule(R.Id))
        continue;
      Factories.registerCheckFactory(
          StringRef(R.Id.data(), R.Id.size()),
          [](StringRef Name, ClangTidyContext *Context) {
            return std::make_unique<WholeProgramCheck>(Name, Context);
          });
    }
  }
};

} // namespace
} // namespace corosafe

static clang::tidy::ClangTidyModuleRegistry::Add<corosafe::CorosafeModule>
    X("corosafe", "corosafe: checks for C++20 coroutine code "
                         "(cancellation, thread affinity, flow control).");
