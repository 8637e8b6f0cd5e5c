//===- Finding.h - findings as plain data -----------------------*- C++ -*-===//
//
// The analyses report findings as plain data: no Clang types, so every output
// format (text, JSON, SARIF) and the whole-program steps read the same thing.
// This header must stay free of Clang and LLVM includes.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_FINDING_H
#define COROSAFE_FINDING_H

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace corosafe {

/// Severity of a finding. `Note` findings are printed as `remark:` in the
/// compiler-style text output (a bare `note:` would attach to the previous
/// diagnostic in editors) and as SARIF level "note".
enum class Level { Note = 0, Warning = 1, Error = 2 };

std::string_view levelName(Level L);          // "note", "warning", "error"
std::optional<Level> parseLevel(std::string_view S);

/// A source region. Lines and columns are 1-based; `EndColumn` is exclusive
/// (the column just past the last character), as in SARIF. `File` is an
/// absolute, normalized path.
struct SourceRegion {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned EndLine = 0;
  unsigned EndColumn = 0;

  bool valid() const { return !File.empty() && Line != 0; }
  friend bool operator<(const SourceRegion &A, const SourceRegion &B) {
    return std::tie(A.File, A.Line, A.Column, A.EndLine, A.EndColumn) <
           std::tie(B.File, B.Line, B.Column, B.EndLine, B.EndColumn);
  }
  friend bool operator==(const SourceRegion &A, const SourceRegion &B) {
    return std::tie(A.File, A.Line, A.Column, A.EndLine, A.EndColumn) ==
           std::tie(B.File, B.Line, B.Column, B.EndLine, B.EndColumn);
  }
};

/// A secondary location that explains a finding (clang `note:`, SARIF
/// relatedLocations).
struct RelatedNote {
  SourceRegion Loc;
  std::string Message;
};

/// How a finding was suppressed in the source, if it was.
struct Suppression {
  std::string Kind = "inSource"; // SARIF suppression kind
  std::string Comment;           // the comment that suppressed it
};

struct Finding {
  std::string RuleId;   // e.g. "corosafe-cancel-select"
  Level Lvl = Level::Warning;
  SourceRegion Loc;     // the primary location
  std::string Message;  // first sentence stands alone
  std::vector<RelatedNote> Notes;
  /// How to fix it, one line (printed as a location-less `note: fix: ...`,
  /// like clippy's `= help:`).
  std::string Help;
  /// Qualified name of the enclosing declaration (function) of the primary
  /// location, used for semantic fingerprints. May be empty.
  std::string Enclosing;
  /// A short stable key for the kind of message (no names, no numbers).
  std::string MessageKey;
  std::optional<Suppression> Suppressed;
  /// Steps of a multi-location finding in order (e.g. the hops of a channel
  /// cycle): SARIF codeFlows, one threadFlow. Empty for most findings.
  std::vector<RelatedNote> Flow;
  /// Semantic fingerprint (rule, normalized path, enclosing declaration,
  /// message key; no line numbers). Filled by the gate; may be empty.
  std::string Fingerprint;
  /// SARIF baselineState when a baseline was given: "new" or "unchanged";
  /// empty without a baseline.
  std::string BaselineState;
};

/// Total order used for deterministic output.
bool findingLess(const Finding &A, const Finding &B);
bool findingEqual(const Finding &A, const Finding &B);

/// Sort and remove exact duplicates (the same finding reached from a header
/// included by several translation units).
void sortAndUnique(std::vector<Finding> &Findings);

/// A problem of the tool itself (a file that does not exist, a TU that does
/// not compile, a crash while analyzing a TU).
struct ToolNotification {
  std::string File;    // the TU or input file concerned, may be empty
  std::string Message; // one line
  Level Lvl = Level::Error;
  std::string Id = "corosafe-tu-failed";
};

/// Everything one run produced, ready for an output format.
struct RunResult {
  std::vector<Finding> Findings;
  std::vector<ToolNotification> Notifications;
  unsigned TUsRequested = 0;
  unsigned TUsAnalyzed = 0;
  unsigned TUsFailed = 0;
  unsigned TUsSkipped = 0;   // excluded by a filter the user asked for
  unsigned TUsFromCache = 0; // results taken from the cache, not re-parsed
  /// Absolute paths of the main files that were analyzed (sorted).
  std::vector<std::string> AnalyzedFiles;
  std::string StartTimeUtc; // ISO 8601, e.g. 2026-11-25T10:00:00.000Z
  std::string EndTimeUtc;
  std::vector<std::string> CommandLine;
  std::string WorkingDirectory;
  /// The repository the sources come from, when the source root is inside a
  /// git work tree (SARIF versionControlProvenance). Filled by the CLI's gate
  /// (tool/cli/Gate.cpp); RepositoryUri may be empty (no remote "origin").
  struct VersionControl {
    std::string RepositoryUri; // absolute URI, credentials removed
    std::string RevisionId;    // the HEAD commit
    std::string Branch;        // empty on a detached HEAD
    std::string WorkTree;      // absolute path of the work tree's top level
  };
  std::optional<VersionControl> Vcs;
  /// SARIF runAutomationDetails.id from --sarif-category ("name/"); empty:
  /// none. OutputOptions::AutomationId, when set, takes precedence.
  std::string AutomationId;
};

} // namespace corosafe

#endif
