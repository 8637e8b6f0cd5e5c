//===- CancelAcrossTUs.cpp - corosafe-cancel-select in the merge step -----===//
//
// A select whose operand calls a coroutine defined in another translation
// unit: the select's TU records the operand (an OperandFact), the TU with
// the body records what the coroutine returns and holds (a SummaryFact); the
// merge joins them and reports what the TU rule would have reported with
// both in one TU, with the same messages and notes (docs/facts.md).
// Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"
#include "corosafe/CancelText.h"

#include <algorithm>
#include <map>
#include <set>

namespace corosafe {
namespace program {

void reportCancelAcrossTUs(const Store &St, ProgramAnalysis &Out) {
  // An inline coroutine's copies have the same facts; should they differ,
  // the first in the facts order, whatever the order of the TUs.
  std::map<std::string, const SummaryFact *> Summaries;
  for (const SummaryFact &S : St.Summaries) {
    auto [It, New] = Summaries.emplace(S.Function, &S);
    if (!New && compareFacts(S, *It->second) < 0)
      It->second = &S;
  }
  std::vector<const OperandFact *> Operands;
  for (const OperandFact &O : St.Operands)
    Operands.push_back(&O);
  std::sort(Operands.begin(), Operands.end(),
            [](const OperandFact *A, const OperandFact *B) {
              return compareFacts(*A, *B) < 0;
            });
  // One finding per held value, with the note of the first select (in the
  // facts order) that loses it, as in one TU.
  std::set<std::pair<SourceRegion, std::string>> Held;
  for (const OperandFact *O : Operands) {
    auto It = Summaries.find(O->Callee);
    if (It == Summaries.end())
      continue; // no body analyzed anywhere: nothing to say
    const SummaryFact &S = *It->second;
    if (O->DropsCompleted && !S.ReturnsTaken.empty() && !O->EndsSession) {
      Finding F;
      F.RuleId = cancel::RuleId;
      F.Lvl = Level::Warning;
      F.Loc = O->Loc;
      F.MessageKey = "lossy-or";
      F.Message = cancel::lossyOr(
          cancel::returnedValue(O->CalleeName, S.ReturnsTaken),
          /*Plural=*/false, O->Spelling, O->LossyBecause);
      F.Notes.push_back({O->SelectLoc, "select formed here"});
      F.Help = O->LossyHelp;
      F.Enclosing = O->Enclosing;
      Out.Findings.push_back(std::move(F));
    }
    for (const HeldFact &H : S.Held) {
      if (H.ReportedInTU || (O->EndsSession && !H.FromChannel) ||
          !Held.insert({H.Loc, H.Message}).second)
        continue;
      Finding F;
      F.RuleId = cancel::RuleId;
      F.Lvl = Level::Warning;
      F.Loc = H.Loc;
      F.MessageKey = H.Key;
      F.Message = H.Message;
      for (const NoteFact &N : H.Notes)
        F.Notes.push_back({N.Loc, N.Message});
      F.Notes.push_back({O->SelectLoc, O->OperandNote});
      F.Help = O->HeldHelp;
      F.Enclosing = H.Enclosing;
      Out.Findings.push_back(std::move(F));
    }
  }
}

} // namespace program
} // namespace corosafe
