//===- Output.h - JSON and SARIF output of a run ----------------*- C++ -*-===//
//
// Serializers from RunResult (plain data, see corosafe/Finding.h) to the
// machine-readable formats of the CLI: corosafe's own JSON (--format json) and
// SARIF 2.1.0 (--format sarif), plus the helpers they share (relative URIs,
// GitHub's primaryLocationLineHash). Free of Clang and LLVM includes.
//
// Both serializers return nlohmann::ordered_json so that keys come out in a
// fixed, documented order; dump() of the result is byte-for-byte deterministic
// for the same RunResult and the same source files.
//
// JSON format, version 1 (keys in this order):
//
//   {
//     "version": 1,
//     "tool": {"name": "corosafe", "version": "0.1.0"},
//     "sourceRoot": "/abs/root" | null,
//     "findings": [{
//       "rule": "corosafe-cancel-select",
//       "level": "note" | "warning" | "error",
//       "file": "src/a.cpp",         // relative to SourceRoot (plain path, not
//                                    // percent-encoded); absolute if outside
//       "line": 3, "column": 5,      // 1-based; columns are bytes, as Clang's
//       "endLine": 3, "endColumn": 9,// end column is exclusive; when the
//                                    // finding has no end, line/column+1
//       "message": "...",
//       "notes": [{"file", "line", "column", "endLine", "endColumn",
//                  "message"}],
//       "help": "fix: ...; see <docs>", // how to fix, may be ""
//       "enclosing": "ns::f",        // may be ""
//       "fingerprint": "<16 hex>:<n>", // semantic fingerprint (docs/ci.md),
//                                    // "" when the gate did not compute it
//       "baselineState": "new" | "unchanged" | null,
//                                    // null without a baseline
//       "suppressed": {"kind": "inSource", "comment": "..."}
//                                    // present only when suppressed
//     }],
//     "notifications": [{"id": "corosafe-tu-failed",
//                        "file": "src/b.cpp" | null,
//                        "level": "error", "message": "..."}],
//     "summary": {
//       "tusRequested": 2, "tusAnalyzed": 1, "tusFailed": 1,
//       "findings": {"error": 0, "warning": 1, "note": 0},
//                                    // unsuppressed findings, by level
//       "suppressed": 1              // suppressed findings, whether listed
//                                    // or dropped by OmitSuppressed
//     }
//   }
//
// SARIF: see SarifOutput.cpp for the exact choices (one run, every rule of
// allRules() in tool.driver.rules, columnKind "utf16CodeUnits", URIs relative
// to %SRCROOT%, primaryLocationLineHash fingerprints).
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_OUTPUT_H
#define COROSAFE_OUTPUT_H

#include "corosafe/Finding.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

struct OutputOptions {
  /// Absolute directory; file names and URIs are made relative to it. When
  /// empty, files are reported with absolute paths / file:// URIs and the
  /// SARIF has no originalUriBaseIds.
  std::string SourceRoot;
  /// Drop suppressed findings (for upload to GitHub code scanning, which
  /// would otherwise show them as closed alerts). Applies to both formats.
  bool OmitSuppressed = false;
  /// SARIF runAutomationDetails.id ("category/" or "category/run-id"). When
  /// empty, RunResult::AutomationId (--sarif-category) is used; when both are
  /// empty, runAutomationDetails is omitted, so that GitHub's upload-sarif
  /// `category` input decides.
  std::string AutomationId;
  /// GitHub code scanning's hard limits (docs.github.com, "SARIF results
  /// exceed limit"); the SARIF writer truncates to them. Smaller values are
  /// for tests.
  struct SarifLimits {
    size_t MaxResults = 25000;             // results per run
    size_t MaxRelatedLocations = 999;      // with the primary: 1,000 locations
    size_t MaxThreadFlowLocations = 10000; // per result, over all flows
  } Limits;
};

/// The text of \p J (\p Indent as nlohmann's dump). Bytes that are not
/// valid UTF-8 (a file name in Latin-1, a message quoting such a name) are
/// written as U+FFFD instead of making dump() throw: every file corosafe
/// writes is valid JSON whatever the paths and messages hold.
template <class JsonT> std::string dumpJson(const JsonT &J, int Indent = -1) {
  return J.dump(Indent, ' ', /*ensure_ascii=*/false,
                JsonT::error_handler_t::replace);
}

/// --format json: the object documented above.
nlohmann::ordered_json toJson(const RunResult &R, const OutputOptions &O);

/// --format sarif: a SARIF 2.1.0 log with exactly one run. Reads the primary
/// files of the findings from disk (once each) to compute fingerprints and
/// UTF-16 columns; a file that cannot be read just gets neither.
nlohmann::ordered_json toSarif(const RunResult &R, const OutputOptions &O);

/// GitHub code scanning's primaryLocationLineHash for every line of a file's
/// text (UTF-8; malformed bytes count as U+FFFD). Element N-1 is the value
/// for line N, "<hex>:<occurrence>". Lines end at LF, CR or CRLF; like
/// GitHub's implementation this yields one more entry than there are line
/// terminators (the line after a final newline gets a hash too), and exactly
/// one entry for an empty text.
std::vector<std::string> computeLineHashes(std::string_view FileText);

/// \p AbsPath as a URI reference relative to \p SourceRoot: '/' separators,
/// no leading "./", every byte other than ASCII letters, digits, "-._~" and
/// '/' percent-encoded. A path outside the root (or an empty root) gives an
/// absolute "file:///..." URI instead.
std::string relativeUri(std::string_view AbsPath, std::string_view SourceRoot);

/// \p AbsPath relative to \p SourceRoot as a plain path (no encoding), or
/// \p AbsPath unchanged when it is outside the root or the root is empty.
std::string relativePath(std::string_view AbsPath, std::string_view SourceRoot);

/// The file:// URI of an absolute path, percent-encoded as relativeUri does.
/// With \p Directory, the URI ends with exactly one '/'.
std::string fileUri(std::string_view AbsPath, bool Directory = false);

} // namespace corosafe

#endif
