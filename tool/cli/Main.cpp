//===- Main.cpp - the corosafe command line ------------------------------===//
#include "AtomicFile.h"
#include "Cache.h"
#include "CommandLine.h"
#include "Config.h"
#include "Gate.h"
#include "GraphRender.h"
#include "Interrupt.h"
#include "Runner.h"
#include "Selection.h"
#include "TextOutput.h"
#include "lsp/Server.h"

#include "corosafe/Facts.h"
#include "corosafe/Output.h"
#include "corosafe/Profile.h"
#include "corosafe/Rules.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <unistd.h>

using namespace corosafe;

namespace {

constexpr int ExitClean = 0, ExitFindings = 1, ExitUsage = 2,
              ExitIncomplete = 3;

const char *Footer = R"(Exit status:
  0  no unsuppressed finding at or above --fail-on, every TU analyzed
  1  findings at or above --fail-on
  2  usage or configuration error (bad option, no or malformed
     compile_commands.json, unreadable config): nothing was analyzed
  3  analysis incomplete: some translation unit could not be analyzed (missing
     file, does not compile, crash) and --allow-partial was not given;
     findings from the other TUs are still reported
  129, 130, 143  interrupted by SIGHUP, SIGINT, SIGTERM: workers stopped,
     temporary files removed, no output file written

Examples:
  corosafe -p build                       all TUs of build/compile_commands.json
  corosafe -p build src/a.cpp             one TU of the database
  corosafe -p build -j 8 --exclude 'third_party/**'
  corosafe -p build --facts-dir facts     and later: corosafe merge facts
  corosafe a.cpp -- -std=c++20 -Iinclude  explicit compiler arguments
  corosafe -p build --format sarif -o corosafe.sarif
Suppress one finding with // NOLINT(corosafe-cancel-select) on its line or
// NOLINTNEXTLINE(corosafe-cancel-select) on the line before.)";

std::string nowUtc() {
  using namespace std::chrono;
  auto Now = system_clock::now();
  std::time_t T = system_clock::to_time_t(Now);
  auto Ms = duration_cast<milliseconds>(Now.time_since_epoch()).count() % 1000;
  std::tm Tm;
  gmtime_r(&T, &Tm);
  char Buf[64];
  std::strftime(Buf, sizeof Buf, "%Y-%m-%dT%H:%M:%S", &Tm);
  char Out[80];
  std::snprintf(Out, sizeof Out, "%s.%03dZ", Buf, static_cast<int>(Ms));
  return Out;
}

std::string absolutePath(const std::string &P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  std::string R(S);
  while (R.size() > 1 && R.back() == '/')
    R.pop_back();
  return R;
}

} // namespace

void corosafe::applyConfig(const EffectiveConfig &C, RunOptions &Opts) {
  if (C.Keys.Checks && Opts.Checks.empty())
    Opts.Checks = *C.Keys.Checks;
  if (C.Keys.HeaderFilterRegex && Opts.HeaderFilter.empty())
    Opts.HeaderFilter = *C.Keys.HeaderFilterRegex;
  configOptions(C, Opts.CheckOptions);
}

bool corosafe::readConfig(const std::string &Path, RunOptions &Opts,
                          std::string &Err) {
  std::vector<std::shared_ptr<const ConfigFile>> Chain;
  if (!configChain("", absolutePath(Path), Chain, Err))
    return false;
  applyConfig(mergeConfig(Chain, ""), Opts);
  return true;
}

namespace {

/// The output stage shared by the one-step run and `corosafe merge`.
struct OutputSettings {
  std::string Format = "text", Output, SourceRoot, FailOn = "warning",
              Color = "auto", Graph;
  bool AllowPartial = false, OmitSuppressed = false, Quiet = false;
};

void addOutputOptions(CLI::App &App, OutputSettings &S) {
  App.add_option("--format", S.Format, "Output format: text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  App.add_option("-o,--output", S.Output,
                 "Write the output to FILE instead "
                 "of standard output");
  App.add_option("--source-root", S.SourceRoot,
                 "Paths in the output are relative to DIR (default: the "
                 "current directory); --include/--exclude match below it");
  App.add_option("--fail-on", S.FailOn,
                 "Lowest level that makes the exit status 1: note, warning "
                 "or error")
      ->check(CLI::IsMember({"note", "warning", "error"}));
  App.add_option("--color", S.Color,
                 "Colour in text output: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  App.add_option("--graph", S.Graph,
                 "Write the task/channel graph to FILE (.dot, .svg or "
                 ".html; the last two need Graphviz)")
      ->type_name("FILE");
  App.add_flag("--sarif-omit-suppressed", S.OmitSuppressed,
               "Leave suppressed findings out of the output");
  App.add_flag("--allow-partial", S.AllowPartial,
               "Exit 0/1 even when some TUs could not be analyzed");
}

/// Gate, output, graph, summary line and exit status of a finished run.
/// \p Tail is appended to the summary line.
int finishRun(RunResult &Result, const ProgramInput &Program,
              const OutputSettings &S, const GateOptions &Gate,
              const std::string &Tail) {
  std::string Err;
  std::string Root = absolutePath(S.SourceRoot.empty() ? "." : S.SourceRoot);
  if (!applyGate(Result, Gate, Root, Err)) {
    std::cerr << "corosafe: error: " << Err << "\n";
    return ExitUsage;
  }
  OutputOptions OO;
  OO.SourceRoot = Root;
  OO.OmitSuppressed = S.OmitSuppressed;

  // -o FILE is written atomically (AtomicFile.h): an interrupted or failed
  // run leaves the previous file or none, never half a file.
  std::string Output = S.Output.empty() ? "" : absolutePath(S.Output);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (S.Format == "text") {
    bool UseColor = S.Color == "always" ||
                    (S.Color == "auto" && Output.empty() &&
                     llvm::sys::Process::StandardOutIsDisplayed());
    OS.enable_colors(UseColor); // a string stream has none by default
    printText(Result, OS, UseColor, Root);
  } else if (S.Format == "json") {
    OS << dumpJson(toJson(Result, OO), 2) << "\n";
  } else {
    OS << dumpJson(toSarif(Result, OO), 2) << "\n";
  }
  OS.flush();
  if (Output.empty()) {
    llvm::outs() << Text;
    llvm::outs().flush();
  } else if (!writeFileAtomically(Output, Text, Err)) {
    std::cerr << "corosafe: error: " << Err << "\n";
    return ExitUsage;
  }
  bool GraphFailed = false;
  if (!S.Graph.empty() &&
      !writeProgramGraph(Program.Facts, Program.Options, absolutePath(S.Graph),
                         Root, Err)) {
    std::cerr << "corosafe: error: cannot write the graph '" << S.Graph
              << "': " << Err << "\n";
    GraphFailed = true;
  }

  Level Threshold = *parseLevel(S.FailOn);
  unsigned Counts[3] = {0, 0, 0}, Suppressed = 0, Failing = 0;
  for (const Finding &F : Result.Findings) {
    if (F.Suppressed) {
      ++Suppressed;
      continue;
    }
    if (F.BaselineState == "unchanged")
      continue; // in the baseline: neither counted nor failing
    ++Counts[static_cast<int>(F.Lvl)];
    if (F.Lvl >= Threshold)
      ++Failing;
  }
  if (!S.Quiet) {
    auto Plural = [](unsigned N, const char *W) {
      return std::to_string(N) + " " + W + (N == 1 ? "" : "s");
    };
    std::cerr << "corosafe: " << Plural(Counts[2], "error") << ", "
              << Plural(Counts[1], "warning") << ", "
              << Plural(Counts[0], "note");
    if (Suppressed)
      std::cerr << " (" << Suppressed << " suppressed)";
    std::cerr << "; " << Result.TUsAnalyzed << " of " << Result.TUsRequested
              << " translation unit" << (Result.TUsRequested == 1 ? "" : "s")
              << " analyzed";
    if (Result.TUsFailed)
      std::cerr << ", " << Result.TUsFailed << " could not be analyzed";
    if (Result.TUsSkipped)
      std::cerr << ", " << Result.TUsSkipped
                << " skipped by --include/--exclude";
    std::cerr << Tail << "\n";
  }
  if (GraphFailed)
    return ExitUsage;
  if (Result.TUsFailed && !S.AllowPartial)
    return ExitIncomplete;
  return Failing ? ExitFindings : ExitClean;
}

/// `corosafe merge DIR`: the second step of a two-step run.
int runMerge(std::vector<std::string> Args,
             const std::vector<std::string> &Argv) {
  CLI::App App{"corosafe merge: merges the facts files written by "
               "--facts-dir or --facts-file (by a build system or several "
               "runs) and reports exactly what the one-step run reports "
               "(docs/driver.md).",
               "corosafe merge"};
  App.get_formatter()->column_width(34);
  std::string Dir;
  OutputSettings S;
  bool Verbose = false;
  App.add_option("dir", Dir,
                 "Directory searched (recursively) for "
                 "*.facts.json")
      ->required();
  addOutputOptions(App, S);
  App.add_flag("-q,--quiet", S.Quiet, "No summary line on stderr");
  App.add_flag("-v,--verbose", Verbose, "One line per facts file on stderr");
  GateOptions Gate;
  addGateOptions(App, Gate);
  if (std::optional<int> Done =
          parseCommandLine(App, std::move(Args), "corosafe merge"))
    return *Done;
  RunResult Result;
  Result.StartTimeUtc = nowUtc();
  Result.CommandLine = Argv;
  Result.WorkingDirectory = absolutePath(".");
  ProgramInput Program;
  std::string Err;
  interrupt::install();
  if (!mergeFactsDir(absolutePath(Dir), Verbose, Result, Program, Err)) {
    std::cerr << "corosafe: error: " << Err << "\n";
    return ExitUsage;
  }
  Result.EndTimeUtc = nowUtc();
  return finishRun(Result, Program, S, Gate, "");
}

void anchor() {}

} // namespace

int main(int argc, char **argv) {
  // Hidden: the per-TU step in a worker process (see Workers.h).
  if (argc == 4 && std::string(argv[1]) == "--worker") {
    // A crash report (stack dump) goes to the worker's stderr, which the
    // driver shows with --verbose; the signal still ends the worker.
    llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
    return runWorker(argv[2], argv[3]);
  }
  if (argc >= 2 && std::string(argv[1]) == "lsp")
    return lsp::runServer(std::vector<std::string>(argv + 2, argv + argc),
                          llvm::sys::fs::getMainExecutable(
                              argv[0], reinterpret_cast<void *>(&anchor)));
  if (argc >= 2 && std::string(argv[1]) == "cache")
    return runCacheCommand(std::vector<std::string>(argv + 2, argv + argc));
  if (argc >= 2 && std::string(argv[1]) == "merge")
    return runMerge(std::vector<std::string>(argv + 2, argv + argc),
                    std::vector<std::string>(argv, argv + argc));

  // Split at "--": what follows is the compiler command line.
  std::vector<std::string> Args, Fixed;
  bool HaveFixed = false;
  for (int I = 1; I < argc; ++I) {
    if (!HaveFixed && std::string(argv[I]) == "--") {
      HaveFixed = true;
      continue;
    }
    (HaveFixed ? Fixed : Args).push_back(argv[I]);
  }

  CLI::App App{"corosafe: finds cancellation, thread-affinity and "
               "flow-control hazards in C++20 coroutine code.\n\n"
               "Usage: corosafe -p BUILD_DIR [FILE...]\n"
               "       corosafe FILE... -- COMPILER ARGS\n"
               "       corosafe merge FACTS_DIR   (see 'corosafe merge "
               "--help' and docs/driver.md)\n"
               "       corosafe lsp               (language server; see "
               "docs/editors.md)\n"
               "       corosafe cache stats|prune|clear   (see 'corosafe "
               "cache --help')",
               "corosafe"};
  App.footer(Footer);
  App.get_formatter()->column_width(34);
  RunOptions Opts;
  OutputSettings S;
  std::string ConfigFile, CacheDir, FilesFrom;
  std::vector<std::string> OptionKVs;
  bool ListRules = false, Version = false, NoCache = false,
       ListProfiles = false, DumpConfig = false;
  std::vector<std::string> ProfileFiles;
  std::string BuiltinProfiles;
  App.add_option("files", Opts.Files,
                 "Source files to analyze (default: "
                 "every file of the database)");
  App.add_option("-p,--build-path", Opts.BuildDir,
                 "Directory containing compile_commands.json");
  addOutputOptions(App, S);
  App.add_option("--checks", Opts.Checks,
                 "Comma-separated globs of rules to run, clang-tidy style "
                 "(e.g. '-*,corosafe-cancel-select'); default: all");
  App.add_option("--config-file", ConfigFile,
                 "Use this configuration file (YAML or JSON; "
                 "docs/configuration.md) instead of the .corosafe.yaml "
                 "found upward from each source")
      ->type_name("FILE");
  App.add_option("--option", OptionKVs,
                 "Set a rule option: RULE.KEY=VALUE (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  App.add_option("--header-filter", Opts.HeaderFilter,
                 "Regex of headers whose findings are shown (default: only "
                 "the main files, as clang-tidy)");
  App.add_option("--extra-arg", Opts.ExtraArgs,
                 "Append an argument to every compiler command line")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  App.add_option("--extra-arg-before", Opts.ExtraArgsBefore,
                 "Prepend an argument to every compiler command line")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  App.add_option("--files-from", FilesFrom,
                 "Also analyze the files listed in FILE, one per line "
                 "('-': standard input)")
      ->type_name("FILE");
  App.add_option("--include", Opts.Include,
                 "Analyze only TUs whose path (relative to --source-root) "
                 "matches GLOB (repeatable; *, **, ?, [..])")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("GLOB");
  App.add_option("--exclude", Opts.Exclude,
                 "Skip TUs whose path matches GLOB (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("GLOB");
  App.add_option("-j,--jobs", Opts.Jobs,
                 "Analyze N TUs in parallel, each in its own process "
                 "(default: number of cores)")
      ->check(CLI::Range(1u, 4096u))
      ->type_name("N");
  Opts.TimeoutSeconds = 600;
  App.add_option("--timeout", Opts.TimeoutSeconds,
                 "Give up on a TU after SECONDS (0: never; default 600)")
      ->check(CLI::Range(0u, 86400u))
      ->type_name("SECONDS");
  App.add_option("--cache-dir", CacheDir,
                 "Cache of TU results (default: BUILD/.corosafe-cache with "
                 "-p, else $XDG_CACHE_HOME/corosafe)")
      ->type_name("DIR");
  std::string CacheMaxSize, CacheMaxSizeFrom = "--cache-max-size";
  App.add_option("--cache-max-size", CacheMaxSize,
                 "Keep the cache within SIZE (500M, 2G; 0: no limit; "
                 "default 1G), removing the least recently used entries")
      ->type_name("SIZE");
  App.add_flag("--no-cache", NoCache, "Neither read nor write the cache");
  App.add_option("--facts-dir", Opts.FactsDir,
                 "Also write one facts file per TU to DIR, for "
                 "'corosafe merge DIR'")
      ->type_name("DIR");
  App.add_option("--facts-file", Opts.FactsFile,
                 "The per-TU step for build systems: analyze exactly one TU, "
                 "write its facts file to FILE, print no findings, exit 0 "
                 "(findings and failures are reported by 'corosafe merge')")
      ->type_name("FILE");
  App.add_option("--depfile", Opts.DepFile,
                 "With --facts-file: also write a Makefile/Ninja depfile "
                 "listing every file the TU read")
      ->type_name("FILE");
  App.add_flag("--list-rules", ListRules, "List the rules and exit");
  App.add_option("--profile", ProfileFiles,
                 "A profile file describing a framework (repeatable; "
                 "docs/profiles.md)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  App.add_option("--builtin-profiles", BuiltinProfiles,
                 "Built-in profiles to use: all (default), none, ID;ID, or "
                 "-ID;-ID (all but these)");
  App.add_flag("--list-profiles", ListProfiles,
               "List the built-in profiles and exit");
  App.add_flag("--dump-config", DumpConfig,
               "Print the effective configuration (rules, options, active "
               "profiles, the config files read) as JSON and exit; with one "
               "source file, that file's (its Overrides applied)");
  App.add_flag("-q,--quiet", Opts.Quiet,
               "No progress and no summary line on stderr");
  App.add_flag("-v,--verbose", Opts.Verbose,
               "One line per TU on stderr (time, or from the cache)");
  App.add_flag("--version", Version, "Print the version and exit");
  GateOptions Gate;
  addGateOptions(App, Gate);

  if (std::optional<int> Done =
          parseCommandLine(App, std::move(Args), "corosafe"))
    return *Done;
  if (Version) {
    std::cout << "corosafe " << toolVersion() << "\n";
    return ExitClean;
  }
  if (ListRules) {
    for (const RuleInfo &R : allRules())
      std::cout << R.Id << "  [" << levelName(R.DefaultLevel) << "]  "
                << R.ShortDescription << "\n";
    return ExitClean;
  }
  if (ListProfiles) {
    std::string Err;
    if (!listBuiltinProfiles(std::cout, Err)) {
      std::cerr << "corosafe: error: " << Err << "\n";
      return ExitUsage;
    }
    return ExitClean;
  }
  Opts.HaveFixedArgs = HaveFixed;
  Opts.FixedArgs = Fixed;
  if (HaveFixed && Opts.Files.empty()) {
    std::cerr << "corosafe: error: no source file given before '--'\n";
    return ExitUsage;
  }
  std::string Err;
  // The command line first: it wins over every configuration file.
  for (const std::string &KV : OptionKVs) {
    size_t Eq = KV.find('=');
    if (Eq == std::string::npos || KV.find('.') > Eq) {
      std::cerr << "corosafe: error: --option expects RULE.KEY=VALUE, got '"
                << KV << "'\n";
      return ExitUsage;
    }
    Opts.CheckOptions[KV.substr(0, Eq)] = KV.substr(Eq + 1);
  }
  if (!ProfileFiles.empty()) {
    std::string List;
    for (const std::string &F : ProfileFiles)
      List += (List.empty() ? "" : ";") + absolutePath(F);
    Opts.CheckOptions[std::string(ProfilesOption)] = List;
  }
  if (!BuiltinProfiles.empty())
    Opts.CheckOptions[std::string(BuiltinProfilesOption)] = BuiltinProfiles;
  for (const auto &[K, V] : Opts.CheckOptions) {
    std::string Rule = K.substr(0, K.rfind('.'));
    if (K == ProfilesOption || K == BuiltinProfilesOption)
      continue;
    if (!findRule(Rule)) {
      std::cerr << "corosafe: error: option '" << K
                << "' names no rule (see --list-rules)\n";
      return ExitUsage;
    }
  }
  // The configuration files (docs/configuration.md): per TU, the nearest
  // .corosafe.yaml above the source (or --config-file) and its Overrides;
  // for the run itself (whole-program rules, CacheMaxSize, the Checks
  // check below) the current directory's, without Overrides.
  const RunOptions Cli = Opts;
  std::string Explicit = ConfigFile.empty() ? "" : absolutePath(ConfigFile);
  auto ConfigOf = [Cli, Explicit](const std::string &File, bool Overrides,
                                  RunOptions &Out, EffectiveConfig &E,
                                  std::string &Err) {
    std::vector<std::shared_ptr<const corosafe::ConfigFile>> Chain;
    if (!configChain(File, Explicit, Chain, Err))
      return false;
    E = mergeConfig(Chain, Overrides ? File : "");
    Out.Checks = Cli.Checks;
    Out.HeaderFilter = Cli.HeaderFilter;
    Out.CheckOptions = Cli.CheckOptions;
    applyConfig(E, Out);
    return true;
  };
  EffectiveConfig RunConfig;
  if (!ConfigOf(absolutePath(".") + "/-", false, Opts, RunConfig, Err)) {
    std::cerr << "corosafe: error: " << Err << "\n";
    return ExitUsage;
  }
  Opts.ConfigFor = [ConfigOf](const std::string &File, RunOptions &Out,
                              std::string &Err) {
    EffectiveConfig E;
    return ConfigOf(File, true, Out, E, Err);
  };
  if (RunConfig.Keys.CacheMaxSize && CacheMaxSize.empty()) {
    CacheMaxSize = *RunConfig.Keys.CacheMaxSize;
    CacheMaxSizeFrom = "CacheMaxSize in config file '" +
                       RunConfig.Sources.back() + "'";
  }
  if (!CacheMaxSize.empty() &&
      !parseSize(CacheMaxSize, Opts.CacheMaxBytes)) {
    std::cerr << "corosafe: error: invalid " << CacheMaxSizeFrom << ": '"
              << CacheMaxSize
              << "' (expected a size such as 500M, 2G or 0 for no limit)\n";
    return ExitUsage;
  }
  if (enabledRules(Opts.Checks).empty()) {
    std::cerr << "corosafe: error: --checks '" << Opts.Checks
              << "' enables no rule (see --list-rules)\n";
    return ExitUsage;
  }
  if (DumpConfig) {
    // With one source file: that file's configuration (Overrides
    // included); without: the run's.
    if (Opts.Files.size() > 1) {
      std::cerr << "corosafe: error: --dump-config takes at most one source "
                   "file\n";
      return ExitUsage;
    }
    RunOptions Shown = Opts;
    EffectiveConfig E = RunConfig;
    if (Opts.Files.size() == 1 &&
        !ConfigOf(absolutePath(Opts.Files.front()), true, Shown, E, Err)) {
      std::cerr << "corosafe: error: " << Err << "\n";
      return ExitUsage;
    }
    std::string Text;
    if (!dumpConfig(Shown, Text, Err)) {
      std::cerr << "corosafe: error: " << Err << "\n";
      return ExitUsage;
    }
    nlohmann::ordered_json J = nlohmann::ordered_json::parse(Text);
    auto Opt = [&](std::string_view K) -> nlohmann::ordered_json {
      auto It = Shown.CheckOptions.find(std::string(K));
      return It == Shown.CheckOptions.end() ? nlohmann::ordered_json()
                                            : nlohmann::ordered_json(It->second);
    };
    J["WarningsAsErrors"] = Opt(WarningsAsErrorsOption).is_null()
                                ? nlohmann::ordered_json("")
                                : Opt(WarningsAsErrorsOption);
    J["InlineProfiles"] = E.InlineProfiles;
    J["ConfigFiles"] = E.Sources;
    std::cout << J.dump(2) << "\n";
    return ExitClean;
  }

  if (!FilesFrom.empty() && !readFileList(FilesFrom, Opts.Files, Err)) {
    std::cerr << "corosafe: error: " << Err << "\n";
    return ExitUsage;
  }
  if (!FilesFrom.empty() && Opts.Files.empty()) {
    std::cerr << "corosafe: error: --files-from '" << FilesFrom
              << "' lists no file\n";
    return ExitUsage;
  }
  S.Quiet = Opts.Quiet;
  Opts.SourceRoot = absolutePath(S.SourceRoot.empty() ? "." : S.SourceRoot);
  Opts.CacheDir = NoCache            ? ""
                  : CacheDir.empty() ? defaultCacheDir(
                                           Opts.BuildDir.empty()
                                               ? ""
                                               : absolutePath(Opts.BuildDir))
                                     : absolutePath(CacheDir);
  if (!Opts.FactsDir.empty())
    Opts.FactsDir = absolutePath(Opts.FactsDir);
  if (!Opts.DepFile.empty() && Opts.FactsFile.empty()) {
    std::cerr << "corosafe: error: --depfile needs --facts-file\n";
    return ExitUsage;
  }
  if (!Opts.FactsFile.empty()) {
    Opts.FactsFile = absolutePath(Opts.FactsFile);
    if (!Opts.DepFile.empty())
      Opts.DepFile = absolutePath(Opts.DepFile);
  }
  Opts.SelfPath = llvm::sys::fs::getMainExecutable(
      argv[0], reinterpret_cast<void *>(&anchor));

  RunResult Result;
  Result.StartTimeUtc = nowUtc();
  Result.CommandLine.assign(argv, argv + argc);
  Result.WorkingDirectory = absolutePath(".");
  ProgramInput Program;
  RunStats Stats;
  interrupt::install();
  if (!runAnalysis(Opts, Result, Program, Stats, Err)) {
    std::cerr << "corosafe: error: " << Err << "\n";
    return ExitUsage;
  }
  Result.EndTimeUtc = nowUtc();
  if (!Opts.FactsFile.empty())
    return ExitClean; // the facts file is written; merge reports
  Gate.Checks = Opts.Checks; // from the command line or the config file
  return finishRun(Result, Program, S, Gate,
                   "; " + std::to_string(Stats.Parsed) + " parsed, " +
                       std::to_string(Result.TUsFromCache) + " from cache");
}
