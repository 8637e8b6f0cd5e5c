//===- Rules.cpp - the catalogue of corosafe rules -----------------------===//
#include "corosafe/Rules.h"

#include <algorithm>

#ifndef COROSAFE_VERSION
#define COROSAFE_VERSION "0.0.0"
#endif
#ifndef COROSAFE_HOMEPAGE
#define COROSAFE_HOMEPAGE "https://github.com/corosafe/corosafe"
#endif

namespace corosafe {

static std::vector<RuleInfo> makeRules() {
  std::vector<RuleInfo> Rules = {
      {
          "corosafe-cancel-select",
          "CancelSelect",
          "Data taken by an operand of a select (asio '||', parallel_group "
          "wait_for_one) is lost when the operand is cancelled or its result "
          "is dropped.",
          "A select races awaitables and destroys the losers at whatever "
          "suspension point they reached. A losing coroutine that has already "
          "taken data (a received message, bytes read into a local buffer) and "
          "still holds it in its frame at a later suspension point loses that "
          "data silently. asio's awaitable operator '||' also returns only the "
          "first completion, so a data-producing operand that completes in the "
          "same turn as the winner has its value thrown away; composed "
          "operations (async_read, async_read_until, async_write) cancelled "
          "mid-way leave a stream partially consumed or written.",
          "Keep the operation alive across loop iterations instead of "
          "re-creating it in every select; make take-and-deliver atomic (no "
          "suspension between taking the data and storing it outside the "
          "frame); keep no taken data in locals across a suspension point; "
          "move the work into a spawned task fed by a channel; for lossy "
          "combinators use the form that returns every result "
          "(make_parallel_group(...).async_wait with all results handled).",
          "Fixes:\n\n"
          "- keep the operation alive across loop iterations instead of "
          "re-creating it in every select;\n"
          "- make take-and-deliver atomic: no suspension between taking the "
          "data and storing it outside the coroutine frame;\n"
          "- keep no taken data in locals across a suspension point;\n"
          "- move the work into a spawned task fed by a channel;\n"
          "- for lossy combinators such as asio `operator||`, use "
          "`make_parallel_group(...).async_wait(wait_for_one(), ...)` and "
          "handle every operand's result.\n",
          Level::Warning,
          {"correctness", "concurrency", "coroutines", "cancellation"},
          "high",
          "docs/rules/cancel-select.md",
      },
  };
  std::sort(Rules.begin(), Rules.end(),
            [](const RuleInfo &A, const RuleInfo &B) { return A.Id < B.Id; });
  return Rules;
}

const std::vector<RuleInfo> &allRules() {
  static const std::vector<RuleInfo> Rules = makeRules();
  return Rules;
}

const RuleInfo *findRule(std::string_view Id) {
  for (const RuleInfo &R : allRules())
    if (R.Id == Id)
      return &R;
  return nullptr;
}

int ruleIndex(std::string_view Id) {
  const auto &Rules = allRules();
  for (size_t I = 0; I < Rules.size(); ++I)
    if (Rules[I].Id == Id)
      return static_cast<int>(I);
  return -1;
}

std::string_view toolVersion() { return COROSAFE_VERSION; }

std::string_view homepage() { return COROSAFE_HOMEPAGE; }

std::string ruleHelpUri(const RuleInfo &R) {
  return std::string(homepage()) + "/blob/main/" + std::string(R.DocPath);
}

} // namespace corosafe
