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

ProgramFacts::ProgramFacts() : S(std::make_unique<program::Store>()) {}
ProgramFacts::~ProgramFacts() = default;
ProgramFacts::ProgramFacts(ProgramFacts &&) noexcept = default;
ProgramFacts &ProgramFacts::operator=(ProgramFacts &&) noexcept = default;

void ProgramFacts::add(TUFacts &&F) {
  S->add(std::move(F));
  ++TUs;
}

void ProgramFacts::finish() { S->finish(); }

namespace {
ProgramFacts copied(const std::vector<TUFacts> &Facts) {
  ProgramFacts P;
  for (const TUFacts &F : Facts)
    P.add(TUFacts(F));
  P.finish();
  return P;
}
} // namespace

ProgramAnalysis analyzeProgram(const std::vector<TUFacts> &Facts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options) {
  return analyzeProgram(copied(Facts), EnabledRules, Options);
}

ProgramAnalysis analyzeProgram(const ProgramFacts &Facts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options) {
  using namespace program;
  ProgramAnalysis Out;
  auto Enabled = [&](const char *Id) {
    return std::find(EnabledRules.begin(), EnabledRules.end(), Id) !=
           EnabledRules.end();
  };
  if (Enabled(CycleRule) || Enabled(UnboundedRule)) {
    TaskGraph G(Facts.store());
    G.MaxInstances = countOption(Options, "MaxTaskInstances",
                                 DefaultMaxInstances, &Out.Notifications);
    G.load();
    G.build();
    Out.Notifications.insert(Out.Notifications.end(),
                             G.Notifications.begin(), G.Notifications.end());
    if (Enabled(CycleRule))
      reportCycles(G, Options, Out);
    if (Enabled(UnboundedRule))
      reportUnbounded(G, Out);
  }
  if (Enabled(cancel::RuleId))
    reportCancelAcrossTUs(Facts.store(), Out);
  sortAndUnique(Out.Findings);
  return Out;
}

struct ProgramGraphText::Impl {
  explicit Impl(const program::Store &S) : G(S) {}
  /// The facts, when the caller gave them as TUFacts.
  std::unique_ptr<ProgramFacts> Own;
  program::TaskGraph G;
  std::vector<program::Cycle> Cycles;
  std::string Root;
};

ProgramGraphText::ProgramGraphText(const std::vector<TUFacts> &Facts,
                                   const OptionMap &Options,
                                   std::string SourceRoot) {
  auto Own = std::make_unique<ProgramFacts>(copied(Facts));
  P = std::make_unique<Impl>(Own->store());
  P->Own = std::move(Own);
  init(Options, std::move(SourceRoot));
}

ProgramGraphText::ProgramGraphText(const ProgramFacts &Facts,
                                   const OptionMap &Options,
                                   std::string SourceRoot)
    : P(std::make_unique<Impl>(Facts.store())) {
  init(Options, std::move(SourceRoot));
}

void ProgramGraphText::init(const OptionMap &Options, std::string SourceRoot) {
  using namespace program;
  // A bad value was reported by the analysis; here it only falls back.
  P->G.MaxInstances = countOption(Options, "MaxTaskInstances",
                                  DefaultMaxInstances, nullptr);
  P->G.load();
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
