//===- Runner.h - analyze translation units ----------------------*- C++
//-*-===//
//
// The driver: selects the translation units of a run, runs the per-TU step
// (in worker processes, or from the cache), and merges the TU results.
// Plain interface: no Clang types, so Main.cpp stays cheap to compile.
// Runner.cpp is the one Clang-heavy file (the compilation database and the
// per-TU step); Driver.cpp is the rest.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_RUNNER_H
#define COROSAFE_CLI_RUNNER_H

#include "TUResult.h"

#include "corosafe/Facts.h"
#include "corosafe/Finding.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corosafe {

struct RunOptions {
  std::string BuildDir;               // -p
  std::vector<std::string> Files;     // positional files and --files-from
  bool HaveFixedArgs = false;         // a "--" was given
  std::vector<std::string> FixedArgs; // compiler arguments after "--"
  std::vector<std::string> ExtraArgs; // --extra-arg
  std::vector<std::string> ExtraArgsBefore;
  std::string Checks; // glob list, clang-tidy syntax
  std::map<std::string, std::string> CheckOptions; // "rule.Key" -> value
  std::string HeaderFilter;         // regex; empty: main files only
  std::vector<std::string> Include; // --include globs
  std::vector<std::string> Exclude; // --exclude globs
  std::string SourceRoot;           // absolute; globs match below it
  unsigned Jobs = 0;                // -j; 0: number of cores
  unsigned TimeoutSeconds = 0;      // per TU; 0: none
  std::string CacheDir;             // "" : no cache
  uint64_t CacheMaxBytes = uint64_t(1) << 30; // --cache-max-size; 0: no limit
  std::string FactsDir;             // --facts-dir
  std::string FactsFile;            // --facts-file (one TU)
  std::string DepFile;              // --depfile (with --facts-file)
  std::string SelfPath;             // this executable, for workers
  bool Verbose = false;
  bool Quiet = false;
  /// The configuration of one TU (.corosafe.yaml found upward from \p File,
  /// or --config-file, with their Overrides; the command line wins): sets
  /// Checks, CheckOptions and HeaderFilter of \p Out. False with \p Err
  /// set when a configuration file is bad: the run stops before any TU is
  /// parsed. Unset: every TU has the options above.
  std::function<bool(const std::string &File, RunOptions &Out,
                     std::string &Err)>
      ConfigFor;
};

/// A TU to analyze: its main file and the final compiler command line (every
/// adjustment applied: syntax only, output options stripped, extra args,
/// resource directory). Error is set when it cannot be analyzed at all (no
/// such file, no compile command).
struct TUJob {
  std::string File;      // absolute
  std::string Directory; // absolute working directory of the command
  std::vector<std::string> Arguments;
  std::string Error;

  /// xxh3 over Directory and Arguments (16 hex digits).
  std::string commandHash() const;
  nlohmann::json toJson(const AnalysisConfig &C) const;
  static bool fromJson(const nlohmann::json &J, TUJob &Job, AnalysisConfig &C);
};

/// Rule ids enabled by a clang-tidy style glob list ("-*,corosafe-*").
std::vector<std::string> enabledRules(const std::string &Checks);

/// Loads the compilation database and makes one job per requested file,
/// sorted by path, without duplicates. Files excluded by --include/--exclude
/// are counted in \p Skipped. Returns false with \p Error set when nothing
/// can be analyzed (no database, malformed database, bad glob).
bool loadJobs(const RunOptions &Opts, std::vector<TUJob> &Jobs,
              unsigned &Skipped, std::string &Error);

/// The per-TU step, in this process: parses the TU and runs the enabled
/// rules (and the facts collector when a whole-program rule is enabled).
TUResult analyzeTU(const TUJob &Job, const AnalysisConfig &Config);

/// The analysis configuration (enabled rules, options, header filter,
/// profiles) of a run; false with \p Error set when the header filter is not
/// a valid regex or a profile cannot be read. Bad rule option values go to
/// \p Problems (one notification each) when given.
bool makeConfig(const RunOptions &Opts, AnalysisConfig &Config,
                std::string &Error,
                std::vector<ToolNotification> *Problems = nullptr);

/// `--list-profiles`: one line per built-in profile (id, title, what it
/// mirrors).
bool listBuiltinProfiles(std::ostream &OS, std::string &Error);

/// `--dump-config`: the effective configuration as JSON (the config-file
/// keys, every option of the enabled rules with its value or default, and
/// the active profiles).
bool dumpConfig(const RunOptions &Opts, std::string &Text, std::string &Error);

/// What the whole-program step read, kept for --graph: the facts of every
/// analyzed TU whose facts could be read, and the options of the run.
struct ProgramInput {
  ProgramFacts Facts;
  OptionMap Options;
};

struct EffectiveConfig;

/// Applies an effective configuration (corosafe/ConfigFile.h) to \p Opts:
/// Checks, HeaderFilterRegex, CheckOptions, Profiles, BuiltinProfiles, the
/// inline profiles, WarningsAsErrors; what \p Opts already has (from the
/// command line) wins. CacheMaxSize is the caller's.
void applyConfig(const EffectiveConfig &C, RunOptions &Opts);

/// Reads a configuration file (and its parents when it says
/// InheritParentConfig) and applies its keys, without Overrides, to \p Opts.
bool readConfig(const std::string &Path, RunOptions &Opts, std::string &Err);

/// What a run did besides its result.
struct RunStats {
  unsigned Parsed = 0; // TUs handed to a worker (not from the cache)
};

/// Analyzes every requested TU; problems with single inputs become
/// notifications in Result. Returns false (with Error set) only when nothing
/// can be analyzed at all (no compilation database, malformed database).
/// \p Program receives the facts of every analyzed TU (for --graph).
bool runAnalysis(const RunOptions &Opts, RunResult &Result,
                 ProgramInput &Program, RunStats &Stats, std::string &Error);

/// The merge step shared by the one-step run and `corosafe merge`: counts,
/// notifications and findings of every TU result (in the given order), the
/// whole-program rules on the merged facts, sorting and suppressions. The
/// facts are moved out of \p Results into \p Program (a caller may have
/// added them there already, as it read each TU); facts that could not be
/// read are reported (TUResult::FactsProblem) and left out.
void mergeResults(std::vector<TUResult> &Results, const AnalysisConfig &Config,
                  RunResult &Result, ProgramInput &Program);

/// `corosafe merge DIR`: reads every facts file below \p Dir. Returns false
/// with \p Error set when there is nothing to merge.
bool mergeFactsDir(const std::string &Dir, bool Verbose, RunResult &Result,
                   ProgramInput &Program, std::string &Error);

struct WorkerOutcome;

/// A failed TU result saying \p Message.
TUResult failedResult(const TUJob &Job, const AnalysisConfig &Config,
                      const std::string &Message);

/// The result of a finished worker (`--worker JOB OUT`): OUT read back, or a
/// failed result saying why (crash, exit status, timeout, spawn failure).
TUResult workerResult(const TUJob &Job, const AnalysisConfig &Config,
                      const WorkerOutcome &O, const std::string &OutPath,
                      unsigned TimeoutSeconds);

/// Identifies this build of corosafe (the executable \p Exe) in cache keys.
std::string buildId(const std::string &Exe);

/// Test hook: whether the environment variable \p Var is set to a suffix of
/// \p File (COROSAFE_TEST_CRASH_ON, COROSAFE_TEST_HANG_ON; such TUs bypass
/// the cache).
bool hookSet(const char *Var, const std::string &File);

/// `corosafe --worker JOB OUT`: runs the per-TU step of a job file and writes
/// the facts file. Returns the process exit status.
int runWorker(const std::string &JobPath, const std::string &OutPath);

} // namespace corosafe

#endif
