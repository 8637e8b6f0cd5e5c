//===- Gate.cpp - baselines, diff mode, unused suppressions ---------------===//
#include "Gate.h"

#include "AtomicFile.h"
#include "Diff.h"
#include "Process.h"
#include "Runner.h"
#include "corosafe/Output.h"
#include "corosafe/Rules.h"
#include "corosafe/Suppressions.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

namespace corosafe {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

static constexpr const char *UnusedRule = "corosafe-unused-suppression";

void addGateOptions(CLI::App &App, GateOptions &O) {
  O.App = &App;
  App.add_option("--baseline", O.Baseline,
                 "Compare with a baseline written by --write-baseline: only "
                 "findings not in it count (SARIF baselineState new/unchanged)")
      ->check(CLI::Validator(CLI::ExistingFile).description(""))
      ->type_name("FILE");
  App.add_option("--write-baseline", O.WriteBaseline,
                 "Record the current unsuppressed findings in FILE (JSON); "
                 "they then count as unchanged")
      ->type_name("FILE");
  CLI::Option *DiffBase = App.add_option("--diff-base", O.DiffBase,
                                         "Only findings on lines changed since "
                                         "git revision REV (git diff REV)")
                              ->type_name("REV");
  CLI::Option *Diff = App.add_option("--diff", O.DiffFile,
                                     "Only findings on lines added or changed "
                                     "by a unified diff (FILE, or "
                                     "- for standard input)")
                          ->type_name("FILE");
  DiffBase->excludes(Diff);
  Diff->excludes(DiffBase);
  App.add_option("--diff-strip", O.DiffStrip,
                 "Strip N leading path components from the diff's file names "
                 "(like patch -p; default: git's a/ and b/ prefixes)")
      ->check(CLI::Validator(CLI::Range(0, 1000)).description(""))
      ->type_name("N");
  App.add_flag("--report-unused-suppressions", O.ReportUnused,
               "Report suppression comments naming a corosafe rule that "
               "suppress nothing (rule corosafe-unused-suppression)");
  App.add_option("--sarif-category", O.SarifCategory,
                 "SARIF runAutomationDetails.id (\"NAME/\"): the code scanning "
                 "category of this analysis")
      ->type_name("NAME");
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static bool readFile(const std::string &Path, std::string &Text) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return false;
  std::ostringstream SS;
  SS << In.rdbuf();
  Text = SS.str();
  return !In.bad();
}

static std::string trimLine(std::string S) {
  while (!S.empty() && (S.back() == '\n' || S.back() == '\r' ||
                        S.back() == ' ' || S.back() == '\t'))
    S.pop_back();
  return S;
}

/// Runs git in \p Dir; on success the trimmed standard output.
static bool git(const std::vector<std::string> &Args, const std::string &Dir,
                std::string &Out, std::string *ErrOut = nullptr) {
  std::vector<std::string> Argv = {"git"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::string Err;
  int RC = runProcess(Argv, Dir, Out, Err);
  if (ErrOut)
    *ErrOut = trimLine(Err);
  Out = RC == 0 ? Out : "";
  return RC == 0;
}

/// The top level of the git work tree that contains \p Dir, or "".
static std::string gitTopLevel(const std::string &Dir) {
  std::string Out;
  if (!git({"rev-parse", "--show-toplevel"}, Dir, Out))
    return "";
  return trimLine(Out);
}

static std::string canonical(const std::string &Path) {
  std::error_code EC;
  fs::path P = fs::weakly_canonical(fs::path(Path), EC);
  if (EC)
    return fs::path(Path).lexically_normal().string();
  return P.string();
}

static std::uint64_t fnv1a64(std::string_view S) {
  std::uint64_t H = 0xcbf29ce484222325ull;
  for (unsigned char C : S) {
    H ^= C;
    H *= 0x100000001b3ull;
  }
  return H;
}

static std::string hex64(std::uint64_t V) {
  char Buf[17];
  std::snprintf(Buf, sizeof(Buf), "%016llx",
                static_cast<unsigned long long>(V));
  return Buf;
}

/// The part of a fingerprint before ':' (the hash of the key).

//===----------------------------------------------------------------------===//
// Unused suppressions
//===----------------------------------------------------------------------===//

/// The text of a suppression marker as written ("NOLINT(corosafe-x)",
/// "corosafe: ignore[corosafe-x]"), from the file's line.
static std::string markerText(const std::string &Text,
                              const SuppressionComment &C) {
  size_t Pos = 0;
  for (unsigned L = 1; L < C.Line && Pos != std::string::npos; ++L) {
    Pos = Text.find('\n', Pos);
    if (Pos != std::string::npos)
      ++Pos;
  }
  if (Pos == std::string::npos || C.Column == 0 || C.EndColumn <= C.Column)
    return "";
  return Text.substr(Pos + C.Column - 1, C.EndColumn - C.Column);
}

static void reportUnusedSuppressions(RunResult &R, const std::string &Checks) {
  std::set<std::string> Enabled;
  for (const std::string &Id : enabledRules(Checks))
    Enabled.insert(Id);
  const RuleInfo *Info = findRule(UnusedRule);

  std::set<std::string> Files(R.AnalyzedFiles.begin(), R.AnalyzedFiles.end());
  for (const Finding &F : R.Findings)
    if (!F.Loc.File.empty())
      Files.insert(F.Loc.File);

  std::map<std::string, std::vector<const Finding *>> SuppressedByFile;
  for (const Finding &F : R.Findings)
    if (F.Suppressed)
      SuppressedByFile[F.Loc.File].push_back(&F);

  std::vector<Finding> Unused;
  for (const std::string &File : Files) {
    std::string Text;
    if (!readFile(File, Text))
      continue;
    SuppressionIndex Index(Text);
    const auto &Comments = Index.comments();
    if (Comments.empty())
      continue;
    std::vector<bool> Used(Comments.size(), false);
    for (const Finding *F : SuppressedByFile[File])
      for (size_t I : Index.matching(F->RuleId, F->Loc.Line))
        Used[I] = true;

    for (size_t I = 0; I < Comments.size(); ++I) {
      if (Used[I])
        continue;
      const SuppressionComment &C = Comments[I];
      // Which of its globs are about corosafe: `corosafe: ignore` is ours
      // entirely; in a NOLINT list, the globs that start with "corosafe-" or
      // match one of our rules. A bare NOLINT names no rule.
      bool Ours = false, AllEnabled = true, MatchesAny = false;
      for (const std::string &G : C.Globs) {
        bool Named = C.K == SuppressionComment::Form::Ignore ||
                     G.rfind("corosafe-", 0) == 0;
        for (const RuleInfo &Rule : allRules()) {
          if (!globMatches(G, Rule.Id))
            continue;
          Named = true;
          if (Rule.Id == UnusedRule)
            continue; // never suppressed by a comment
          MatchesAny = true;
          if (!Enabled.count(std::string(Rule.Id)))
            AllEnabled = false;
        }
        Ours = Ours || Named;
      }
      // A rule that did not run could have needed the comment.
      if (!Ours || !AllEnabled)
        continue;
      std::string Marker = markerText(Text, C);
      Finding F;
      F.RuleId = UnusedRule;
      F.Lvl = Info ? Info->DefaultLevel : Level::Note;
      F.Loc = {File, C.Line, C.Column, C.Line, C.EndColumn};
      if (MatchesAny) {
        F.Message =
            "suppression comment '" + Marker + "' suppresses no finding";
        F.MessageKey = "unused:" + Marker;
        F.Help = "remove the comment, or narrow it to the rule that still "
                 "reports on this line";
      } else {
        F.Message =
            "suppression comment '" + Marker + "' names no corosafe rule";
        F.MessageKey = "unknown-rule:" + Marker;
        F.Help = "correct the rule name (corosafe --list-rules) or remove the "
                 "comment";
      }
      if (Info)
        F.Help = "fix: " + F.Help + "; see " + ruleHelpUri(*Info);
      Unused.push_back(std::move(F));
    }
  }
  for (Finding &F : Unused)
    R.Findings.push_back(std::move(F));
  sortAndUnique(R.Findings);
}

//===----------------------------------------------------------------------===//
// Fingerprints and baselines
//===----------------------------------------------------------------------===//

std::vector<std::string> semanticFingerprints(const std::vector<Finding> &F,
                                              const std::string &SourceRoot) {
  std::vector<std::string> Out;
  std::map<std::string, unsigned> Seen;
  for (const Finding &X : F) {
    std::string Path = relativePath(X.Loc.File, SourceRoot);
    std::replace(Path.begin(), Path.end(), '\\', '/');
    std::string Key = X.RuleId;
    Key.push_back('\0');
    Key += Path;
    Key.push_back('\0');
    Key += X.Enclosing;
    Key.push_back('\0');
    Key += X.MessageKey.empty() ? X.Message : X.MessageKey;
    std::string Hash = hex64(fnv1a64(Key));
    Out.push_back(Hash + ":" + std::to_string(++Seen[Hash]));
  }
  return Out;
}

/// Reads a baseline: fingerprint hash -> how many findings it recorded.
static bool readBaseline(const std::string &Path,
                         std::map<std::string, unsigned> &Counts,
                         std::string &Err) {
  std::string Text;
  if (!readFile(Path, Text)) {
    Err = "cannot read baseline '" + Path + "'";
    return false;
  }
  return parseBaseline(Text, Path, Counts, Err);
}

/// Marks each finding new or unchanged against \p Counts (a multiset of
/// fingerprint hashes): of the unsuppressed findings with one hash, the first
/// Counts[hash] in output order are unchanged, the rest new. A suppressed
/// finding is unchanged when its hash is in the baseline at all.
static void markBaselineStates(std::vector<Finding> &Findings,
                               std::map<std::string, unsigned> Counts) {
  std::set<std::string> Known;
  for (const auto &[K, N] : Counts)
    Known.insert(K);
  for (Finding &F : Findings) {
    std::string Key = fingerprintKey(F.Fingerprint);
    if (F.Suppressed) {
      F.BaselineState = Known.count(Key) ? "unchanged" : "new";
      continue;
    }
    auto It = Counts.find(Key);
    if (It != Counts.end() && It->second > 0) {
      --It->second;
      F.BaselineState = "unchanged";
    } else {
      F.BaselineState = "new";
    }
  }
}

static bool writeBaseline(const std::string &Path, const RunResult &R,
                          const std::string &SourceRoot, std::string &Err) {
  struct Entry {
    std::string File, Rule, Enclosing, Key, Message, FP;
    unsigned Occurrence;
  };
  std::vector<Entry> Entries;
  for (const Finding &F : R.Findings) {
    if (F.Suppressed)
      continue;
    std::string FP = F.Fingerprint;
    unsigned Occ =
        static_cast<unsigned>(std::stoul(FP.substr(FP.find(':') + 1)));
    Entries.push_back({relativePath(F.Loc.File, SourceRoot), F.RuleId,
                       F.Enclosing, F.MessageKey, F.Message, FP, Occ});
  }
  std::sort(Entries.begin(), Entries.end(), [](const Entry &A, const Entry &B) {
    return std::tie(A.File, A.Rule, A.Enclosing, A.Key, A.Message, A.FP,
                    A.Occurrence) < std::tie(B.File, B.Rule, B.Enclosing, B.Key,
                                             B.Message, B.FP, B.Occurrence);
  });
  ordered_json J;
  J["version"] = BaselineVersion;
  J["fingerprint"] = FingerprintScheme;
  J["tool"] = {{"name", "corosafe"}, {"version", toolVersion()}};
  ordered_json List = ordered_json::array();
  for (const Entry &E : Entries) {
    ordered_json X;
    X["fingerprint"] = E.FP;
    X["rule"] = E.Rule;
    X["file"] = E.File;
    X["enclosing"] = E.Enclosing;
    X["messageKey"] = E.Key;
    X["message"] = E.Message;
    List.push_back(std::move(X));
  }
  J["findings"] = std::move(List);

  // An interrupted run never leaves half a baseline behind.
  std::string WErr;
  if (!writeFileAtomically(Path, dumpJson(J, 2) + "\n", WErr)) {
    Err = "cannot write baseline '" + Path + "': " + WErr;
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Diff mode
//===----------------------------------------------------------------------===//

static bool applyDiff(RunResult &R, const GateOptions &O,
                      const std::string &SourceRoot, std::string &Err) {
  std::string Text;
  std::vector<std::string> Bases;
  std::string Top = gitTopLevel(SourceRoot);
  if (!O.DiffBase.empty()) {
    if (Top.empty()) {
      Err = "--diff-base needs a git work tree, and '" + SourceRoot +
            "' (the source root) is not in one";
      return false;
    }
    std::string GitErr;
    // Fixed prefixes and no external diff: the user's git configuration must
    // not change what we parse.
    if (!git({"diff", "-U0", "--no-color", "--no-ext-diff", "--src-prefix=a/",
              "--dst-prefix=b/", O.DiffBase, "--"},
             Top, Text, &GitErr)) {
      Err = "git diff " + O.DiffBase + " failed" +
            (GitErr.empty() ? std::string() : ": " + GitErr);
      return false;
    }
    Bases.push_back(Top);
  } else {
    if (O.DiffFile == "-") {
      std::ostringstream SS;
      SS << std::cin.rdbuf();
      Text = SS.str();
    } else if (!readFile(O.DiffFile, Text)) {
      Err = "cannot read diff '" + O.DiffFile + "'";
      return false;
    }
    // Paths in a diff are relative to where it was made: the repository's
    // top level for git, else (we assume) the source root.
    if (!Top.empty())
      Bases.push_back(Top);
    Bases.push_back(SourceRoot);
  }
  ChangedLines Changed;
  std::string ParseErr;
  if (!parseUnifiedDiff(Text, O.DiffStrip, Changed, ParseErr)) {
    Err = "cannot use the diff: " + ParseErr;
    return false;
  }
  std::map<std::string, std::set<unsigned>> ByFile;
  for (const auto &[Path, Lines] : Changed) {
    for (const std::string &Base : Bases) {
      fs::path P(Path);
      std::string Abs =
          canonical((P.is_absolute() ? P : fs::path(Base) / P).string());
      ByFile[Abs].insert(Lines.begin(), Lines.end());
    }
  }
  std::map<std::string, std::string> Canon;
  auto Keep = [&](const Finding &F) {
    auto It = Canon.find(F.Loc.File);
    if (It == Canon.end())
      It = Canon.emplace(F.Loc.File, canonical(F.Loc.File)).first;
    auto Lines = ByFile.find(It->second);
    return Lines != ByFile.end() && Lines->second.count(F.Loc.Line) != 0;
  };
  R.Findings.erase(std::remove_if(R.Findings.begin(), R.Findings.end(),
                                  [&](const Finding &F) { return !Keep(F); }),
                   R.Findings.end());
  return true;
}

//===----------------------------------------------------------------------===//
// Version control provenance
//===----------------------------------------------------------------------===//

std::string normalizeRemoteUrl(const std::string &UrlIn,
                               const std::string &Base) {
  std::string Url = trimLine(UrlIn);
  if (Url.empty())
    return "";
  size_t Scheme = Url.find("://");
  bool ScpLike = Scheme == std::string::npos &&
                 Url.find(':') != std::string::npos &&
                 Url.find(':') < Url.find('/') && Url.find(':') > 1;
  if (Scheme == std::string::npos && !ScpLike) {
    // A local path (also "file:" without "//" is unusual enough to ignore).
    fs::path P(Url);
    if (P.is_relative())
      P = fs::path(Base) / P;
    std::string Abs = P.lexically_normal().string();
    while (Abs.size() > 1 && Abs.back() == '/')
      Abs.pop_back();
    return fileUri(Abs);
  }
  std::string Host, Path, SchemeName = "https";
  if (ScpLike) {
    size_t Colon = Url.find(':');
    Host = Url.substr(0, Colon);
    Path = Url.substr(Colon + 1);
  } else {
    SchemeName = Url.substr(0, Scheme);
    std::string Rest = Url.substr(Scheme + 3);
    size_t Slash = Rest.find('/');
    Host = Rest.substr(0, Slash);
    Path = Slash == std::string::npos ? "" : Rest.substr(Slash + 1);
    if (SchemeName == "file")
      return "file:///" + Path;
  }
  // Credentials never go into a report.
  size_t At = Host.rfind('@');
  if (At != std::string::npos)
    Host = Host.substr(At + 1);
  std::transform(SchemeName.begin(), SchemeName.end(), SchemeName.begin(),
                 ::tolower);
  if (SchemeName == "ssh" || SchemeName == "git" || SchemeName == "git+ssh" ||
      SchemeName == "ssh+git" || ScpLike) {
    SchemeName = "https";
    size_t Port = Host.find(':'); // an ssh port means nothing over https
    if (Port != std::string::npos)
      Host = Host.substr(0, Port);
  }
  while (!Path.empty() && Path.front() == '/')
    Path.erase(0, 1);
  while (!Path.empty() && Path.back() == '/')
    Path.pop_back();
  if (Path.size() > 4 && Path.compare(Path.size() - 4, 4, ".git") == 0)
    Path.resize(Path.size() - 4);
  return SchemeName + "://" + Host + (Path.empty() ? "" : "/" + Path);
}

static void fillVersionControl(RunResult &R, const std::string &SourceRoot) {
  std::string Top = gitTopLevel(SourceRoot);
  if (Top.empty())
    return;
  RunResult::VersionControl V;
  // git prints the real path; the SARIF writer relates the source root as
  // given to the work tree, so the work tree is named by the source root or
  // the ancestor of it that is the top. A source root that reaches the work
  // tree only through a link (a Bazel execution root given as
  // /proc/self/cwd, inside a checkout by accident) has no repository-relative
  // paths: its results are not claimed for the repository.
  std::string TopReal = canonical(Top);
  if (canonical(SourceRoot) == TopReal)
    V.WorkTree = SourceRoot;
  for (fs::path P = fs::path(SourceRoot).lexically_normal();
       V.WorkTree.empty(); P = P.parent_path()) {
    if (P.empty() || P == P.parent_path())
      return;
    std::string S = P.string();
    while (S.size() > 1 && S.back() == '/')
      S.pop_back();
    if (canonical(S) == TopReal)
      V.WorkTree = S;
  }
  std::string Out;
  if (!git({"rev-parse", "--verify", "-q", "HEAD"}, Top, Out))
    return; // no commit yet
  V.RevisionId = trimLine(Out);
  if (git({"symbolic-ref", "-q", "--short", "HEAD"}, Top, Out))
    V.Branch = trimLine(Out);
  if (git({"remote", "get-url", "origin"}, Top, Out))
    V.RepositoryUri = normalizeRemoteUrl(Out, Top);
  R.Vcs = V;
}

//===----------------------------------------------------------------------===//
// The gate
//===----------------------------------------------------------------------===//

/// The --checks value in effect.
static std::string checksInEffect(const GateOptions &O) {
  if (!O.Checks.empty() || !O.App)
    return O.Checks;
  const CLI::Option *Opt = O.App->get_option_no_throw("--checks");
  if (!Opt || Opt->count() == 0)
    return "";
  return Opt->as<std::string>();
}

bool applyGate(RunResult &R, const GateOptions &O,
               const std::string &SourceRoot, std::string &Err) {
  bool DiffMode = !O.DiffBase.empty() || !O.DiffFile.empty();
  if (DiffMode && !O.WriteBaseline.empty()) {
    Err = "--write-baseline records every finding and cannot be combined "
          "with --diff or --diff-base";
    return false;
  }
  std::map<std::string, unsigned> Baseline;
  if (!O.Baseline.empty() && !readBaseline(O.Baseline, Baseline, Err))
    return false;

  if (O.ReportUnused)
    reportUnusedSuppressions(R, checksInEffect(O));

  std::vector<std::string> FPs = semanticFingerprints(R.Findings, SourceRoot);
  for (size_t I = 0; I < FPs.size(); ++I)
    R.Findings[I].Fingerprint = FPs[I];

  if (DiffMode && !applyDiff(R, O, SourceRoot, Err))
    return false;

  if (!O.Baseline.empty()) {
    markBaselineStates(R.Findings, Baseline);
  } else if (!O.WriteBaseline.empty()) {
    // Compared with the baseline just written: every unsuppressed finding is
    // in it.
    std::map<std::string, unsigned> Written;
    for (const Finding &F : R.Findings)
      if (!F.Suppressed)
        ++Written[fingerprintKey(F.Fingerprint)];
    markBaselineStates(R.Findings, Written);
  }
  if (!O.WriteBaseline.empty() &&
      !writeBaseline(O.WriteBaseline, R, SourceRoot, Err))
    return false;

  if (!O.SarifCategory.empty()) {
    R.AutomationId = O.SarifCategory;
    if (R.AutomationId.back() != '/')
      R.AutomationId.push_back('/');
  }
  fillVersionControl(R, SourceRoot);
  return true;
}

} // namespace corosafe
