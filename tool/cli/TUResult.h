//===- TUResult.h - the result of the per-TU step ---------------*- C++ -*-===//
//
// The analysis is a pure per-translation-unit step (compile command, tool
// version, configuration -> TUResult) followed by one deterministic merge.
// A TUResult is serialized as one JSON "facts file", the single format that
// a worker process hands back to the driver, that the cache stores, and that
// --facts-dir writes (one file per TU) for `corosafe merge DIR`.
//
// Facts file, schema "corosafe-tu-result", version 1 (keys in this order):
//
//   {
//     "schema": "corosafe-tu-result",
//     "schemaVersion": 1,
//     "tool": {"name": "corosafe", "version": "0.1.0"},
//     "file": "/abs/src/a.cpp",          // the TU's main file
//     "commandHash": "0123456789abcdef", // xxh3 of directory + arguments
//     "config": {"rules": [...], "options": {...}, "headerFilter": "...",
//                "profiles": "0123456789abcdef"}, // digest of the profiles
//     "status": "ok" | "failed",
//     "message": "...",                  // why it failed; "" when ok
//     "findings": [Finding...],          // per-TU rules, absolute paths
//     "facts": {...} | null,             // docs/facts.md (FactsSchema.h);
//                                        // null without a whole-program
//                                        // rule or on failure
//     "dependencies": [{"path": "/abs/x.h", "xxh3": "0123456789abcdef"}]
//   }
//
// No timestamps and no host names: the same input gives the same bytes.
// Clang-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_TURESULT_H
#define COROSAFE_CLI_TURESULT_H

#include "corosafe/FactsSchema.h"
#include "corosafe/Finding.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace corosafe {

constexpr const char *TUResultSchema = "corosafe-tu-result";
constexpr int TUResultSchemaVersion = 1;

/// What the per-TU step depends on besides the compile command.
struct AnalysisConfig {
  std::vector<std::string> Rules;             // enabled rule ids, sorted
  std::map<std::string, std::string> Options; // "rule.Key" -> value
  std::string HeaderFilter;                   // regex, "" = main files only
  std::string ProfileDigest; // hash of the profiles' contents (Profile.h)

  nlohmann::ordered_json toJson() const;
  static bool fromJson(const nlohmann::json &J, AnalysisConfig &Out);
  friend bool operator==(const AnalysisConfig &A, const AnalysisConfig &B) {
    return A.Rules == B.Rules && A.Options == B.Options &&
           A.HeaderFilter == B.HeaderFilter &&
           A.ProfileDigest == B.ProfileDigest;
  }
};

/// One file the TU read, with the xxh3 hash of its contents (16 hex digits).
struct Dependency {
  std::string Path;
  std::string Hash;
};

struct TUResult {
  std::string ToolVersion;
  std::string File; // absolute path of the main file
  std::string CommandHash;
  AnalysisConfig Config;
  bool Ok = false;
  std::string Message; // why it failed
  std::vector<Finding> Findings;
  std::optional<TUFacts> Facts; // none without a whole-program rule
  /// Set when the file's facts object could not be read (another facts
  /// schema version, a malformed field): the merge reports it
  /// (corosafe-facts-version, corosafe-facts-malformed) and leaves the TU's
  /// facts out; its findings still count.
  std::optional<ToolNotification> FactsProblem;
  std::vector<Dependency> Dependencies;
};

/// What a TUResult is written for. The worker's hand-back and the cache
/// entry carry the dependencies (the cache's validity check, the language
/// server's "which TUs read this header"); a facts file written for `merge`
/// (--facts-dir, --facts-file) does not need them, and they are most of its
/// bytes (every system header the TU read).
enum class TUResultUse { Exchange, Facts };

nlohmann::ordered_json toJson(const TUResult &R,
                              TUResultUse Use = TUResultUse::Exchange);

/// Reads a facts file's JSON. Returns false with \p Err set when it is not a
/// facts file of this schema and tool version. A facts object that cannot be
/// read does not fail the file: it sets FactsProblem.
bool fromJson(const nlohmann::json &J, TUResult &Out, std::string &Err);

/// Parses the text of a facts file: with simdjson and readFactsFast when the
/// text is well formed (the merge's hot path), else with nlohmann and
/// fromJson, so a malformed file is reported as before.
bool parseTUResult(std::string_view Text, TUResult &Out, std::string &Err);

/// Reads and parses a facts file (parseTUResult).
bool readTUResult(const std::string &Path, TUResult &Out, std::string &Err);

/// The bytes of \p R's facts file: compact JSON (no indentation), one line.
std::string tuResultText(const TUResult &R,
                         TUResultUse Use = TUResultUse::Exchange);

/// Writes \p R to \p Path atomically (AtomicFile.h), so a concurrent reader
/// never sees half a file.
bool writeTUResult(const TUResult &R, const std::string &Path,
                   std::string &Err, TUResultUse Use = TUResultUse::Exchange);

/// The file name of a TU's facts file: "<stem>.<hash8>.facts.json", the hash
/// taken over the TU's absolute path so files of the same name in different
/// directories do not collide.
std::string factsFileName(const std::string &TUPath);

/// xxh3 of a byte string as 16 lowercase hex digits.
std::string hashHex(std::string_view Bytes);

/// xxh3 of a file's contents, or "" when it cannot be read.
std::string hashFile(const std::string &Path);

} // namespace corosafe

#endif
