//===- WholeProgram.cpp - the entry points of the whole-program step ------===//
//
// analyzeProgram and ProgramGraphText (corosafe/Facts.h): build the task
// graph from the typed facts with the rules' options, then run the enabled
// rules or write the picture's text. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"
#include "corosafe/CancelText.h"

#include <algorithm>

namespace corosafe {

bool isWholeProgramRule(std::string_view RuleId) {
  return RuleId == program::CycleRule || RuleId == program::UnboundedRule;
}

bool hasMergeStep(std::string_view RuleId) {
  return isWholeProgramRule(RuleId) || RuleId == cancel::RuleId;
}

ProgramAnalysis analyzeProgram(const std::vector<TUFacts> &Facts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options) {
  using namespace program;
  ProgramAnalysis Out;
  auto Enabled = [&](const char *Id) {
    return std::find(EnabledRules.begin(), EnabledRules.end(), Id) !=
           EnabledRules.end();
  };
  if (Enabled(CycleRule) || Enabled(UnboundedRule)) {
    TaskGraph G;
    G.MaxInstances = countOption(Options, "MaxTaskInstances",
                                 DefaultMaxInstances, &Out.Notifications);
    G.load(Facts);
    G.build();
    Out.Notifications.insert(Out.Notifications.end(),
                             G.Notifications.begin(), G.Notifications.end());
    if (Enabled(CycleRule))
      reportCycles(G, Options, Out);
    if (Enabled(UnboundedRule))
      reportUnbounded(G, Out);
  }
  if (Enabled(cancel::RuleId))
    reportCancelAcrossTUs(Facts, Out);
  sortAndUnique(Out.Findings);
  return Out;
}

struct ProgramGraphText::Impl {
  program::TaskGraph G;
  std::vector<program::Cycle> Cycles;
  std::string Root;
};

ProgramGraphText::ProgramGraphText(const std::vector<TUFacts> &Facts,
                                   const OptionMap &Options,
                                   std::string SourceRoot)
    : P(std::make_unique<Impl>()) {
  using namespace program;
  // A bad value was reported by the analysis; here it only falls back.
  P->G.MaxInstances = countOption(Options, "MaxTaskInstances",
                                  DefaultMaxInstances, nullptr);
  P->G.load(Facts);
  P->G.build();
  P->Cycles = P->G.blockingCycles(
      countOption(Options, "MaxCycles", DefaultMaxCycles, nullptr));
  P->Root = std::move(SourceRoot);
}

ProgramGraphText::~ProgramGraphText() = default;

std::string ProgramGraphText::dot() const {
  return program::toDot(P->G, P->Cycles, P->Root);
}

std::string ProgramGraphText::html(const std::string &Svg) const {
  return program::toHtml(P->G, P->Cycles, Svg, P->Root);
}

} // namespace corosafe
