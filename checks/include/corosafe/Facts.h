//===- Facts.h - whole-program facts and rules -------------------*- C++ -*-===//
//
// The whole-program half of corosafe. Per translation unit, a FactsCollector
// (corosafe/Analysis.h, on Clang's AST) records tasks, channels, channel
// operations and call/spawn edges as a TUFacts (corosafe/FactsSchema.h,
// docs/facts.md). Here, without Clang, the facts of every TU are merged into
// one graph of tasks and channels, and the whole-program rules run on it
// (checks/core/program/).
//
// Clang- and LLVM-free, so the merge step (`corosafe merge DIR`) and every
// output format can use it.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_FACTS_H
#define COROSAFE_FACTS_H

#include "corosafe/FactsSchema.h"
#include "corosafe/Finding.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

/// Rule options by full key ("corosafe-channel-cycle.Key" -> value).
using OptionMap = std::map<std::string, std::string>;

/// Whether a rule is computed on the merged facts (not per TU).
bool isWholeProgramRule(std::string_view RuleId);
/// The rule has a part in the merge step, so the TUs' facts are collected
/// when it runs: the whole-program rules, and corosafe-cancel-select (an
/// operand whose body is in another TU).
bool hasMergeStep(std::string_view RuleId);

namespace program {
class Store;
}

/// The facts of every TU of a program, as the merge keeps them: each TU's
/// TUFacts is interned as it is added (every string once, duplicates of a
/// header's facts dropped) and its strings freed, so that a program of a
/// million channel operations fits in a few hundred megabytes. The result
/// of the analysis does not depend on the order the TUs are added in.
class ProgramFacts {
public:
  ProgramFacts();
  ~ProgramFacts();
  ProgramFacts(ProgramFacts &&) noexcept;
  ProgramFacts &operator=(ProgramFacts &&) noexcept;
  /// Consumes \p F.
  void add(TUFacts &&F);
  /// No more TUs for now: frees what only adding needs.
  void finish();
  /// The TUs added.
  size_t size() const { return TUs; }
  const program::Store &store() const { return *S; }

private:
  std::unique_ptr<program::Store> S;
  size_t TUs = 0;
};

struct ProgramAnalysis {
  std::vector<Finding> Findings;
  /// Problems of the step itself (a bad option, a limit reached).
  std::vector<ToolNotification> Notifications;
};

/// Merges the facts of every TU into the task/channel graph and runs the
/// enabled whole-program rules on it. The result does not depend on the
/// order of \p Facts. Facts that could not be read (readFacts) are the
/// caller's to report and leave out.
ProgramAnalysis analyzeProgram(const ProgramFacts &Facts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options);
/// The same on facts not yet added (copied into a ProgramFacts).
ProgramAnalysis analyzeProgram(const std::vector<TUFacts> &Facts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options);

/// The task/channel graph as text, for `--graph`: Graphviz source, and the
/// HTML page around the SVG that Graphviz renders from it (running Graphviz
/// is the front end's: tool/cli/GraphRender.cpp). Built with the options of
/// the analysis (MaxTaskInstances, MaxCycles), so the picture shows the
/// graph and the cycles the findings come from. Paths in labels are relative
/// to \p SourceRoot.
class ProgramGraphText {
public:
  ProgramGraphText(const ProgramFacts &Facts, const OptionMap &Options,
                   std::string SourceRoot);
  ProgramGraphText(const std::vector<TUFacts> &Facts,
                   const OptionMap &Options, std::string SourceRoot);
  ~ProgramGraphText();
  ProgramGraphText(const ProgramGraphText &) = delete;
  ProgramGraphText &operator=(const ProgramGraphText &) = delete;

  /// Graphviz source (`digraph corosafe { ... }`).
  std::string dot() const;
  /// A self-contained HTML page: \p Svg (dot's output for dot()), a legend
  /// and the list of blocking cycles.
  std::string html(const std::string &Svg) const;

private:
  struct Impl;
  std::unique_ptr<Impl> P;
  void init(const OptionMap &Options, std::string SourceRoot);
};

} // namespace corosafe

#endif
