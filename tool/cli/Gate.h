//===- Gate.h - baselines, diff mode, unused suppressions -------*- C++ -*-===//
//
// What a CI gate does with the findings of a run before they are printed
// (docs/ci.md describes it for users):
//
// 1. --report-unused-suppressions: every suppression comment that names a
//    corosafe rule and suppressed nothing becomes a corosafe-unused-suppression
//    finding at the comment.
// 2. Semantic fingerprints for every finding (Finding::Fingerprint):
//    "<16 hex digits>:<n>", the hex being FNV-1a 64 of (rule, path relative to
//    the source root with '/' separators, enclosing declaration, message key)
//    and n the 1-based occurrence of that hash among the run's findings in
//    output order. No line numbers: edits elsewhere in the file keep them.
// 3. Diff mode (--diff-base REV, --diff FILE|-): only findings whose primary
//    line was added or changed are kept.
// 4. Baselines: --baseline FILE marks each finding "new" or "unchanged"
//    (Finding::BaselineState; Main.cpp does not count unchanged ones);
//    --write-baseline FILE records the unsuppressed findings.
// 5. SARIF run data: --sarif-category and versionControlProvenance (from
//    git, when the source root is in a work tree) go into the RunResult.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_GATE_H
#define COROSAFE_CLI_GATE_H

#include "corosafe/Finding.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace corosafe {

struct GateOptions {
  std::string Baseline;      // --baseline FILE
  std::string WriteBaseline; // --write-baseline FILE
  std::string DiffBase;      // --diff-base REV
  std::string DiffFile;      // --diff FILE, "-" for stdin
  int DiffStrip = -1;        // --diff-strip N (-1: git's a/ b/ prefixes)
  bool ReportUnused = false; // --report-unused-suppressions
  std::string SarifCategory; // --sarif-category NAME
  /// The --checks value in effect (command line or config file), so that
  /// suppressions of rules that did not run are not reported as unused.
  /// Main.cpp sets it; when it is left empty the gate reads --checks from the
  /// command line.
  std::string Checks;
  const CLI::App *App = nullptr; // set by addGateOptions
};

/// Adds the gate's command-line options to \p App.
void addGateOptions(CLI::App &App, GateOptions &O);

/// Runs after the analysis and before any output. Returns false with \p Err
/// set on a usage or configuration error (exit status 2): a missing or
/// malformed baseline, a baseline that cannot be written, a diff that cannot
/// be read or parsed, --diff-base outside a git work tree or with a bad REV.
bool applyGate(RunResult &R, const GateOptions &O,
               const std::string &SourceRoot, std::string &Err);

constexpr int BaselineVersion = 1;
constexpr const char *FingerprintScheme = "corosafe/v1";

/// The hash part of a fingerprint ("<hash>:<n>" -> "<hash>").
std::string fingerprintKey(const std::string &FP);

/// Parses the text of a baseline file (Baseline.cpp; \p Path names it in
/// errors): the fingerprint hash of every finding it records -> how many.
/// False with \p Err set when it is not JSON, has another version or a
/// malformed fingerprint.
bool parseBaseline(std::string_view Text, const std::string &Path,
                   std::map<std::string, unsigned> &Counts, std::string &Err);

/// The semantic fingerprints of \p Findings, in their order (see above).
/// Exposed for tests.
std::vector<std::string> semanticFingerprints(const std::vector<Finding> &F,
                                              const std::string &SourceRoot);

/// A git remote URL as an absolute URI without credentials:
/// "git@host:o/r.git" and "ssh://git@host/o/r" -> "https://host/o/r",
/// "https://user:token@host/o/r.git" -> "https://host/o/r", a local path ->
/// "file:///abs/path" (relative paths against \p Base).
std::string normalizeRemoteUrl(const std::string &Url, const std::string &Base);

} // namespace corosafe

#endif
