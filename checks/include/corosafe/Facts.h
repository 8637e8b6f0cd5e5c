//===- Facts.h - whole-program facts and rules -------------------*- C++ -*-===//
//
// The whole-program half of corosafe. Per translation unit, a FactsCollector
// (corosafe/Analysis.h, on Clang's AST) records tasks, channels, channel
// operations and call/spawn edges as a JSON object (schema: docs/facts.md).
// Here, without Clang, the facts of every TU are merged into one graph of
// tasks and channels, and the whole-program rules run on it.
//
// Clang- and LLVM-free, so the merge step (`corosafe merge DIR`) and every
// output format can use it.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_FACTS_H
#define COROSAFE_FACTS_H

#include "corosafe/Finding.h"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

/// Version of the facts schema ("facts" objects and facts files).
constexpr int FactsSchemaVersion = 1;

/// Rule options by full key ("corosafe-channel-cycle.Key" -> value).
using OptionMap = std::map<std::string, std::string>;

/// Whether a rule is computed on the merged facts (not per TU).
bool isWholeProgramRule(std::string_view RuleId);

struct ProgramAnalysis {
  std::vector<Finding> Findings;
  /// Problems with the facts themselves (wrong schema version, ...).
  std::vector<ToolNotification> Notifications;
};

/// Merges the facts of every TU into the task/channel graph and runs the
/// enabled whole-program rules on it. The result does not depend on the
/// order of \p TUFacts.
ProgramAnalysis analyzeProgram(const std::vector<nlohmann::json> &TUFacts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options);

/// Writes the task/channel graph to \p Path: Graphviz source for ".dot";
/// ".svg" and ".html" run Graphviz `dot`. Paths in labels are relative to
/// \p SourceRoot. Returns false with \p Err set on failure.
bool writeProgramGraph(const std::vector<nlohmann::json> &TUFacts,
                       const std::string &Path, const std::string &SourceRoot,
                       std::string &Err);

} // namespace corosafe

#endif
