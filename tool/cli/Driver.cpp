//===- Driver.cpp - workers, cache, progress and the merge ---------------===//
//
// The Clang-free half of Runner.h: runs the per-TU step of every selected TU
// (from the cache, or in a worker process), reports progress, writes facts
// files, and merges the TU results into one RunResult.
//
//===----------------------------------------------------------------------===//
#include "AtomicFile.h"
#include "Cache.h"
#include "Interrupt.h"
#include "Manifest.h"
#include "Runner.h"
#include "Selection.h"
#include "Workers.h"

#include "corosafe/ConfigFile.h"
#include "corosafe/Facts.h"
#include "corosafe/Output.h"
#include "corosafe/Rules.h"
#include "corosafe/Suppressions.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <thread>

namespace corosafe {

std::string TUJob::commandHash() const {
  std::string S = Directory;
  for (const std::string &A : Arguments) {
    S += '\0';
    S += A;
  }
  return hashHex(S);
}

nlohmann::json TUJob::toJson(const AnalysisConfig &C) const {
  nlohmann::json J;
  J["file"] = File;
  J["directory"] = Directory;
  J["arguments"] = Arguments;
  J["config"] = nlohmann::json(C.toJson());
  return J;
}

bool TUJob::fromJson(const nlohmann::json &J, TUJob &Job, AnalysisConfig &C) {
  try {
    Job.File = J.at("file").get<std::string>();
    Job.Directory = J.at("directory").get<std::string>();
    Job.Arguments = J.at("arguments").get<std::vector<std::string>>();
    return AnalysisConfig::fromJson(J.at("config"), C);
  } catch (const std::exception &) {
    return false;
  }
}

namespace {

using Clock = std::chrono::steady_clock;

std::string minSec(double S) {
  long T = static_cast<long>(S + 0.5);
  char Buf[32];
  std::snprintf(Buf, sizeof Buf, "%ld:%02ld", T / 60, T % 60);
  return Buf;
}

/// `[ 37/412] src/net/session.cpp  0:12 elapsed, ETA 0:30`, redrawn in place
/// on a terminal; nothing otherwise.
class ProgressLine {
public:
  ProgressLine(bool Enabled, size_t Total) : Enabled(Enabled), Total(Total) {
    Width = std::to_string(Total).size();
  }
  void started(const std::string &Name) {
    Current = Name;
    draw(/*Force=*/false);
  }
  void finished(bool Parsed) {
    ++Done;
    if (Parsed)
      ++ParsedDone;
    draw(/*Force=*/Done == Total);
  }
  void tick() { draw(/*Force=*/true); }
  /// Erases the line before other output.
  void clear() {
    if (Enabled && Shown)
      llvm::errs() << "\r\033[K";
    Shown = false;
  }
  void setToParse(size_t N) { ToParse = N; }

private:
  /// Redraws at most every 50 ms unless \p Force.
  void draw(bool Force) {
    if (!Enabled)
      return;
    auto Now = Clock::now();
    if (!Force && Shown && Now - LastDraw < std::chrono::milliseconds(50))
      return;
    LastDraw = Now;
    double Elapsed =
        std::chrono::duration<double>(Clock::now() - Start).count();
    std::string Count = std::to_string(Done);
    std::string Line = "[" + std::string(Width - Count.size(), ' ') + Count +
                       "/" + std::to_string(Total) + "] " + Current + "  " +
                       minSec(Elapsed) + " elapsed";
    if (ParsedDone > 0 && ToParse > ParsedDone)
      Line += ", ETA " + minSec(Elapsed / ParsedDone * (ToParse - ParsedDone));
    unsigned Cols = llvm::sys::Process::StandardErrColumns();
    if (Cols > 10 && Line.size() >= Cols)
      Line = Line.substr(0, Cols - 1);
    llvm::errs() << "\r\033[K" << Line;
    Shown = true;
  }

  bool Enabled;
  size_t Total, Width;
  size_t Done = 0, ParsedDone = 0, ToParse = 0;
  bool Shown = false;
  std::string Current;
  Clock::time_point Start = Clock::now(), LastDraw;
};

} // namespace

TUResult failedResult(const TUJob &Job, const AnalysisConfig &Config,
                      const std::string &Message) {
  TUResult R;
  R.ToolVersion = std::string(toolVersion());
  R.File = Job.File;
  R.CommandHash = Job.commandHash();
  R.Config = Config;
  R.Message = Message;
  return R;
}

bool hookSet(const char *Var, const std::string &File) {
  const char *Suffix = std::getenv(Var);
  if (!Suffix || !*Suffix)
    return false;
  std::string S(Suffix);
  return File.size() >= S.size() &&
         File.compare(File.size() - S.size(), S.size(), S) == 0;
}

/// Identifies this build of corosafe for the cache key: the executable's
/// path, size and modification time (hashing 80 MB of debug binary on every
/// run would cost more than a cached run).
std::string buildId(const std::string &Exe) {
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Exe, St))
    return "unknown";
  return Exe + ":" + std::to_string(St.getSize()) + ":" +
         std::to_string(
             St.getLastModificationTime().time_since_epoch().count());
}

TUResult workerResult(const TUJob &Job, const AnalysisConfig &Config,
                      const WorkerOutcome &O, const std::string &OutPath,
                      unsigned TimeoutSeconds) {
  std::string Why;
  TUResult R;
  switch (O.K) {
  case WorkerOutcome::Exited:
    if (O.Code == 0) {
      std::string RErr;
      if (readTUResult(OutPath, R, RErr))
        break;
      Why = "the analyzer produced no result (" + RErr +
            "; please report this)";
    } else {
      Why = "corosafe crashed while analyzing it (exit status " +
            std::to_string(O.Code) + "; please report this)";
    }
    break;
  case WorkerOutcome::Signaled:
    Why = "corosafe crashed while analyzing it (" + signalName(O.Code) +
          "; please report this)";
    break;
  case WorkerOutcome::TimedOut:
    Why = "analysis timed out after " + std::to_string(TimeoutSeconds) +
          " s (--timeout); the worker was killed";
    break;
  case WorkerOutcome::SpawnFailed:
    Why = O.Error;
    break;
  }
  if (!Why.empty())
    R = failedResult(Job, Config, "cannot analyze '" + Job.File + "': " + Why);
  return R;
}

namespace {

/// --verbose after a worker failed: what it wrote to stderr (LLVM's crash
/// report), at most 60 lines.
void printTail(const std::string &Path, const std::string &Name) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf || (*Buf)->getBuffer().empty())
    return;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  (*Buf)->getBuffer().rtrim().split(Lines, '\n');
  size_t To = std::min<size_t>(Lines.size(), 60);
  for (size_t I = 0; I < To; ++I)
    llvm::errs() << "corosafe: " << Name << ": worker: " << Lines[I] << "\n";
}

std::string plural(size_t N, const char *W) {
  return std::to_string(N) + " " + W + (N == 1 ? "" : "s");
}

/// Make's escaping of a path in a depfile (also what Ninja reads).
std::string depEscape(const std::string &P) {
  std::string Out;
  for (char C : P) {
    if (C == ' ' || C == '#' || C == '\\')
      Out += '\\';
    else if (C == '$')
      Out += '$';
    Out += C;
  }
  return Out;
}

/// --facts-file and --depfile: the per-TU step for a build system.
bool writePerTUOutputs(const TUResult &R, const std::string &FactsFile,
                       const std::string &DepFile, std::string &Error) {
  if (!writeTUResult(R, FactsFile, Error, TUResultUse::Facts))
    return false;
  if (DepFile.empty())
    return true;
  std::string Text = depEscape(FactsFile) + ":";
  std::vector<std::string> Deps;
  for (const Dependency &D : R.Dependencies)
    Deps.push_back(D.Path);
  if (Deps.empty())
    Deps.push_back(R.File); // failed TUs: at least rerun when it changes
  for (const std::string &D : Deps)
    Text += " \\\n  " + depEscape(D);
  Text += "\n";
  return writeFileAtomically(DepFile, Text, Error);
}

/// WarningsAsErrors of the configuration (corosafe.WarningsAsErrors): the
/// warnings of matching rules become errors.
void promoteWarnings(std::vector<Finding> &Findings,
                     const std::map<std::string, std::string> &Options) {
  auto It = Options.find(std::string(WarningsAsErrorsOption));
  if (It == Options.end())
    return;
  for (Finding &F : Findings)
    if (F.Lvl == Level::Warning && ruleGlobsMatch(It->second, F.RuleId))
      F.Lvl = Level::Error;
}

} // namespace

void mergeResults(std::vector<TUResult> &Results, const AnalysisConfig &Config,
                  RunResult &Result, ProgramInput &Program) {
  std::vector<ToolNotification> FactsProblems;
  for (TUResult &R : Results) {
    ++Result.TUsRequested;
    if (!R.Ok) {
      ++Result.TUsFailed;
      Result.Notifications.push_back(
          {R.File, R.Message, Level::Error, "corosafe-tu-failed"});
      llvm::errs() << "corosafe: error: " << R.Message << "\n";
      continue;
    }
    ++Result.TUsAnalyzed;
    promoteWarnings(R.Findings, R.Config.Options);
    Result.Findings.insert(Result.Findings.end(), R.Findings.begin(),
                           R.Findings.end());
    Result.AnalyzedFiles.push_back(R.File);
    if (R.Facts)
      Program.Facts.add(std::move(*R.Facts));
    R.Facts.reset();
    if (R.FactsProblem)
      FactsProblems.push_back(*R.FactsProblem);
  }
  std::sort(Result.AnalyzedFiles.begin(), Result.AnalyzedFiles.end());
  // Each TU may have its own configuration (.corosafe.yaml, Overrides): the
  // whole-program step runs every rule some TU enables, with the run's
  // options, and keeps a finding when the configuration of the TU it is in
  // (the run's, for a finding outside every main file) enables its rule.
  std::map<std::string, const AnalysisConfig *> ConfigOfFile;
  std::set<std::string> Rules(Config.Rules.begin(), Config.Rules.end());
  for (const TUResult &R : Results)
    if (R.Ok) {
      ConfigOfFile.emplace(R.File, &R.Config);
      Rules.insert(R.Config.Rules.begin(), R.Config.Rules.end());
    }
  bool WholeProgram = false;
  for (const std::string &Id : Rules)
    WholeProgram |= hasMergeStep(Id);
  Program.Options = OptionMap(Config.Options.begin(), Config.Options.end());
  Program.Facts.finish();
  if (WholeProgram) {
    ProgramAnalysis PA = analyzeProgram(
        Program.Facts, std::vector<std::string>(Rules.begin(), Rules.end()),
        Program.Options);
    for (Finding &F : PA.Findings) {
      auto It = ConfigOfFile.find(F.Loc.File);
      const AnalysisConfig &C = It == ConfigOfFile.end() ? Config : *It->second;
      if (std::find(C.Rules.begin(), C.Rules.end(), F.RuleId) == C.Rules.end())
        continue;
      std::vector<Finding> One{std::move(F)};
      promoteWarnings(One, C.Options);
      Result.Findings.push_back(std::move(One.front()));
    }
    // Facts that could not be read first: they were left out of the graph.
    PA.Notifications.insert(PA.Notifications.begin(), FactsProblems.begin(),
                            FactsProblems.end());
    for (ToolNotification &N : PA.Notifications) {
      llvm::errs() << "corosafe: " << levelName(N.Lvl) << ": " << N.Message
                   << "\n";
      Result.Notifications.push_back(std::move(N));
    }
  }
  sortAndUnique(Result.Findings);
  applySuppressions(Result.Findings);
}

bool runAnalysis(const RunOptions &Opts, RunResult &Result,
                 ProgramInput &Program, RunStats &Stats, std::string &Error) {
  AnalysisConfig Config;
  std::vector<ToolNotification> OptionProblems;
  if (!makeConfig(Opts, Config, Error, &OptionProblems))
    return false;
  for (ToolNotification &N : OptionProblems) {
    llvm::errs() << "corosafe: " << levelName(N.Lvl) << ": " << N.Message
                 << "\n";
    Result.Notifications.push_back(std::move(N));
  }
  std::vector<TUJob> Jobs;
  unsigned Skipped = 0;
  if (!loadJobs(Opts, Jobs, Skipped, Error))
    return false;
  Result.TUsSkipped = Skipped;
  // The configuration of every TU, before any is parsed: a bad
  // configuration file stops the run here.
  std::vector<AnalysisConfig> TUConfigs(Jobs.size(), Config);
  if (Opts.ConfigFor) {
    std::map<std::string, AnalysisConfig> Made;
    std::set<std::string> Reported;
    for (const ToolNotification &N : Result.Notifications)
      Reported.insert(N.Message);
    for (size_t I = 0; I < Jobs.size(); ++I) {
      RunOptions T;
      if (!Opts.ConfigFor(Jobs[I].File, T, Error))
        return false;
      std::string Key = T.Checks + '\0' + T.HeaderFilter + '\0';
      for (const auto &[K, V] : T.CheckOptions)
        Key += K + '=' + V + '\0';
      auto It = Made.find(Key);
      if (It == Made.end()) {
        AnalysisConfig C;
        std::vector<ToolNotification> Problems;
        if (!makeConfig(T, C, Error, &Problems)) {
          Error = relativeTo(Jobs[I].File, Opts.SourceRoot) + ": " + Error;
          return false;
        }
        for (ToolNotification &N : Problems)
          if (Reported.insert(N.Message).second) {
            llvm::errs() << "corosafe: " << levelName(N.Lvl) << ": "
                         << N.Message << "\n";
            Result.Notifications.push_back(std::move(N));
          }
        It = Made.emplace(Key, std::move(C)).first;
      }
      TUConfigs[I] = It->second;
    }
  }
  if (!Opts.FactsFile.empty() && Jobs.size() != 1) {
    Error = "--facts-file needs exactly one translation unit, got " +
            std::to_string(Jobs.size());
    return false;
  }

  if (!Opts.FactsDir.empty()) {
    if (std::error_code EC = llvm::sys::fs::create_directories(Opts.FactsDir)) {
      Error =
          "cannot create --facts-dir '" + Opts.FactsDir + "': " + EC.message();
      return false;
    }
    // The manifest of an earlier run goes first: a run that stops before
    // writing its own leaves none, never one that lists files it replaced.
    llvm::SmallString<256> M(Opts.FactsDir);
    llvm::sys::path::append(M, ManifestFileName);
    if (std::error_code EC = llvm::sys::fs::remove(M)) {
      Error = "cannot remove '" + std::string(M) + "': " + EC.message();
      return false;
    }
  }

  std::optional<ResultCache> Cache;
  if (!Opts.CacheDir.empty())
    Cache.emplace(Opts.CacheDir, buildId(Opts.SelfPath));

  bool Progress = !Opts.Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  ProgressLine Line(Progress, Jobs.size());
  std::vector<std::optional<TUResult>> Results(Jobs.size());
  std::vector<size_t> ToParse;
  auto Name = [&](size_t I) {
    return relativeTo(Jobs[I].File, Opts.SourceRoot);
  };
  size_t Finished = 0;
  auto Verbose = [&](size_t I, const std::string &What) {
    ++Finished;
    if (!Opts.Verbose)
      return;
    Line.clear();
    std::string Count = std::to_string(Finished);
    std::string Total = std::to_string(Jobs.size());
    llvm::errs() << "corosafe: ["
                 << std::string(Total.size() - Count.size(), ' ') << Count
                 << "/" << Total << "] " << Name(I) << ": " << What << "\n";
  };
  auto Describe = [](const TUResult &R) {
    return R.Ok ? plural(R.Findings.size(), "finding") : std::string("failed");
  };

  for (size_t I = 0; I < Jobs.size(); ++I) {
    const TUJob &Job = Jobs[I];
    if (!Job.Error.empty()) {
      Results[I] = failedResult(Job, TUConfigs[I], Job.Error);
      Line.finished(false);
      Verbose(I, "failed");
      continue;
    }
    // The test hooks must reach the worker, not a cached result.
    bool Hooked = hookSet("COROSAFE_TEST_CRASH_ON", Job.File) ||
                  hookSet("COROSAFE_TEST_HANG_ON", Job.File);
    TUResult R;
    Line.started(Name(I));
    if (Cache && !Hooked && Cache->lookup(Job, TUConfigs[I], R)) {
      ++Result.TUsFromCache;
      Results[I] = std::move(R);
      Line.finished(false);
      Verbose(I, Describe(*Results[I]) + " (from cache)");
      continue;
    }
    ToParse.push_back(I);
  }
  Line.setToParse(ToParse.size());

  unsigned Parsed = 0;
  if (!ToParse.empty()) {
    // From here until the temporary directory is removed, a signal is
    // handled below: workers killed, directory removed, then exit.
    interrupt::Deferred Defer;
    llvm::SmallString<128> TmpDir;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory("corosafe_run", TmpDir)) {
      Error = "cannot create a temporary directory: " + EC.message();
      return false;
    }
    struct RemoveDir {
      std::string Dir;
      ~RemoveDir() { llvm::sys::fs::remove_directories(Dir); }
    } Remove{std::string(TmpDir)};
    std::vector<WorkerTask> Tasks;
    std::vector<std::string> OutPaths, ErrPaths;
    for (size_t T = 0; T < ToParse.size(); ++T) {
      const TUJob &Job = Jobs[ToParse[T]];
      std::string Base = (TmpDir + "/" + std::to_string(T)).str();
      std::string JobPath = Base + ".job.json", Out = Base + ".out.json",
                  ErrPath = Base + ".stderr";
      std::string WErr;
      if (!writeFileAtomically(JobPath, dumpJson(Job.toJson(TUConfigs[ToParse[T]])), WErr)) {
        Error = WErr;
        return false;
      }
      Tasks.push_back({{Opts.SelfPath, "--worker", JobPath, Out}, ErrPath});
      OutPaths.push_back(Out);
      ErrPaths.push_back(ErrPath);
    }
    unsigned N = Opts.Jobs ? Opts.Jobs
                           : std::max(1u, std::thread::hardware_concurrency());
    runWorkers(
        Tasks, N, Opts.TimeoutSeconds,
        [&](size_t T) { Line.started(Name(ToParse[T])); },
        [&](size_t T, const WorkerOutcome &O) {
          size_t I = ToParse[T];
          const TUJob &Job = Jobs[I];
          ++Parsed;
          TUResult R =
              workerResult(Job, TUConfigs[I], O, OutPaths[T], Opts.TimeoutSeconds);
          if (!R.Ok && Opts.Verbose && O.K != WorkerOutcome::TimedOut) {
            Line.clear();
            printTail(ErrPaths[T], Name(I));
          }
          if (Cache && R.Ok && !R.FactsProblem) {
            std::string CErr;
            if (!Cache->store(Job, TUConfigs[I], R, CErr)) {
              Line.clear();
              llvm::errs() << "corosafe: warning: cache: " << CErr << "\n";
            }
          }
          Line.finished(true);
          char Ms[32];
          std::snprintf(Ms, sizeof Ms, "%.0f ms", O.Seconds * 1000);
          Verbose(I, Describe(R) + " in " + Ms);
          Results[I] = std::move(R);
        },
        [&] { Line.tick(); });
    if (interrupt::signal()) {
      Line.clear();
      llvm::sys::fs::remove_directories(TmpDir);
      interrupt::exitNow();
    }
  }
  Line.clear();
  if (Cache && Cache->stored() > 0) {
    CacheUsage Pruned = pruneCache(Cache->dir(), Opts.CacheMaxBytes);
    if (Opts.Verbose && Pruned.Entries)
      llvm::errs() << "corosafe: cache: removed " << Pruned.Entries
                   << " least recently used "
                   << (Pruned.Entries == 1 ? "entry" : "entries") << " (" << formatSize(Pruned.Bytes) << ") to stay within "
                   << formatSize(Opts.CacheMaxBytes) << "\n";
  }

  std::vector<TUResult> All;
  for (auto &R : Results)
    All.push_back(std::move(*R));
  if (!Opts.FactsDir.empty()) {
    FactsManifest Manifest;
    Manifest.ToolVersion = std::string(toolVersion());
    Manifest.Config = Config;
    for (const TUResult &R : All) {
      std::string Name = factsFileName(R.File);
      llvm::SmallString<256> P(Opts.FactsDir);
      llvm::sys::path::append(P, Name);
      std::string Text = tuResultText(R, TUResultUse::Facts), WErr;
      if (!writeFileAtomically(std::string(P), Text, WErr)) {
        Error = WErr;
        return false;
      }
      Manifest.Files.push_back({Name, R.File, hashHex(Text)});
    }
    llvm::SmallString<256> M(Opts.FactsDir);
    llvm::sys::path::append(M, ManifestFileName);
    if (!writeFileAtomically(std::string(M), manifestText(Manifest), Error))
      return false;
  }
  if (!Opts.FactsFile.empty() &&
      !writePerTUOutputs(All.front(), Opts.FactsFile, Opts.DepFile, Error))
    return false;
  mergeResults(All, Config, Result, Program);
  Result.TUsRequested += Skipped;
  Stats.Parsed = Parsed;
  return true;
}

bool mergeFactsDir(const std::string &Dir, bool Verbose, RunResult &Result,
                   ProgramInput &Program, std::string &Error) {
  if (!llvm::sys::fs::is_directory(Dir)) {
    Error = "facts directory '" + Dir + "' does not exist";
    return false;
  }
  std::vector<std::string> Paths;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".facts.json"))
      Paths.push_back(It->path());
  if (EC) {
    Error = "cannot read facts directory '" + Dir + "': " + EC.message();
    return false;
  }
  if (Paths.empty()) {
    Error = "no facts files (*.facts.json) in '" + Dir +
            "' (write them with --facts-dir)";
    return false;
  }
  std::sort(Paths.begin(), Paths.end());

  // The manifest of a --facts-dir run says which files belong to the run.
  llvm::SmallString<256> ManifestPath(Dir);
  llvm::sys::path::append(ManifestPath, ManifestFileName);
  std::optional<FactsManifest> Manifest;
  std::map<std::string, const FactsManifest::Entry *> Listed; // abs path
  if (llvm::sys::fs::exists(ManifestPath)) {
    auto Buf = llvm::MemoryBuffer::getFile(ManifestPath, /*IsText=*/true);
    FactsManifest M;
    std::string Err;
    if (!Buf) {
      Error = "cannot read the manifest '" + std::string(ManifestPath) +
              "': " + Buf.getError().message();
      return false;
    }
    llvm::StringRef B = (*Buf)->getBuffer();
    if (!parseManifest(std::string_view(B.data(), B.size()), M, Err)) {
      Error = "malformed manifest '" + std::string(ManifestPath) + "': " + Err;
      return false;
    }
    Manifest = std::move(M);
    for (const FactsManifest::Entry &E : Manifest->Files) {
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, E.Path);
      Listed.emplace(std::string(P), &E);
    }
    // Listed but gone: that TU of the run is lost.
    std::set<std::string> Found(Paths.begin(), Paths.end());
    for (const auto &[P, E] : Listed)
      if (!Found.count(P)) {
        std::string Msg = "cannot merge '" + P +
                          "': listed in the manifest but missing (rerun the "
                          "--facts-dir run)";
        ++Result.TUsRequested;
        ++Result.TUsFailed;
        Result.Notifications.push_back(
            {P, Msg, Level::Error, "corosafe-facts-invalid"});
        llvm::errs() << "corosafe: error: " << Msg << "\n";
      }
  }

  std::vector<TUResult> Results;
  std::optional<AnalysisConfig> Config;
  if (Manifest)
    Config = Manifest->Config;
  std::map<std::string, std::string> Seen; // TU -> facts file
  for (const std::string &P : Paths) {
    TUResult R;
    std::string Err;
    auto Bad = [&](const std::string &Msg) {
      ++Result.TUsRequested;
      ++Result.TUsFailed;
      Result.Notifications.push_back({P, "cannot merge '" + P + "': " + Msg,
                                      Level::Error, "corosafe-facts-invalid"});
      llvm::errs() << "corosafe: error: cannot merge '" << P << "': " << Msg
                   << "\n";
    };
    auto Ignore = [&](const std::string &Msg) {
      Result.Notifications.push_back({P, "ignoring '" + P + "': " + Msg,
                                      Level::Warning,
                                      "corosafe-facts-ignored"});
      llvm::errs() << "corosafe: warning: ignoring '" << P << "': " << Msg
                   << "\n";
    };
    const FactsManifest::Entry *Entry = nullptr;
    std::string Hash;
    if (Manifest) {
      auto It = Listed.find(P);
      Entry = It == Listed.end() ? nullptr : It->second;
      Hash = hashFile(P);
    }
    if (!readTUResult(P, R, Err)) {
      if (Manifest && !Entry)
        Ignore("not in the manifest '" + std::string(ManifestPath) +
               "' (left from an earlier run?), and " + Err);
      else
        Bad(Err);
      continue;
    }
    if (Manifest && !Entry) {
      if (!(R.Config == *Config))
        Ignore("written with another configuration (rules, options, "
               "header filter or profiles) than the run that wrote the "
               "manifest '" +
               std::string(ManifestPath) + "'");
      else
        Ignore("not in the manifest '" + std::string(ManifestPath) +
               "' (left from an earlier run, or written by another one)");
      continue;
    }
    if (Entry && Entry->Hash != Hash) {
      Bad(R.Config == *Config
              ? "changed since the run that wrote the manifest '" +
                    std::string(ManifestPath) + "' (rerun it)"
              : "overwritten with another configuration (rules, options, "
                "header filter or profiles) since the run that wrote the "
                "manifest '" +
                    std::string(ManifestPath) + "' (rerun it)");
      continue;
    }
    if (!Manifest && Config && !(R.Config == *Config)) {
      Bad("written with another configuration (rules, options, header "
          "filter or profiles) than '" +
          Paths.front() + "'");
      continue;
    }
    auto [It, New] = Seen.emplace(R.File, P);
    if (!New) {
      Bad("a second facts file for '" + R.File + "' (first: '" + It->second +
          "')");
      continue;
    }
    if (!Config)
      Config = R.Config;
    if (Verbose)
      llvm::errs() << "corosafe: " << P << ": " << R.File << ", "
                   << (R.Ok ? plural(R.Findings.size(), "finding")
                            : std::string("failed"))
                   << "\n";
    // Into the program's store at once: only one TU's facts are ever held
    // as strings.
    if (R.Ok && R.Facts)
      Program.Facts.add(std::move(*R.Facts));
    R.Facts.reset();
    Results.push_back(std::move(R));
  }
  std::sort(
      Results.begin(), Results.end(),
      [](const TUResult &A, const TUResult &B) { return A.File < B.File; });
  mergeResults(Results, Config ? *Config : AnalysisConfig(), Result, Program);
  return true;
}

} // namespace corosafe
