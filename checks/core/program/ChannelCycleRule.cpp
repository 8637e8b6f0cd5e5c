//===- ChannelCycleRule.cpp - corosafe-channel-cycle ----------------------===//
//
// Reports each blocking cycle of the task graph (TaskGraph::blockingCycles)
// at its first send by location, with the hops as notes and as a flow.
// Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"

#include "corosafe/Rules.h"

namespace corosafe {
namespace program {

void reportCycles(TaskGraph &G, const OptionMap &Options,
                  ProgramAnalysis &Out) {
  unsigned MaxCycles =
      countOption(Options, "MaxCycles", DefaultMaxCycles, &Out.Notifications);
  std::vector<Cycle> Cycles = G.blockingCycles(MaxCycles);
  if (G.CyclesTruncated)
    Out.Notifications.push_back(
        {"",
         "stopped after " + std::to_string(Cycles.size()) +
             " channel cycles; raise corosafe-channel-cycle.MaxCycles to "
             "see more",
         Level::Warning, "corosafe-cycle-limit"});
  const RuleInfo *Info = findRule(CycleRule);
  for (const Cycle &C : Cycles) {
    const Hop &H0 = C.Hops.front();
    std::string Path = "'" + G.Tasks[H0.TaskNode].Label + "'";
    for (const Hop &H : C.Hops)
      Path += " -> '" + std::string(G.chan(H.ChanNode).Name) + "' -> '" +
              G.Tasks[H.NextTask].Label + "'";
    Finding F;
    F.RuleId = CycleRule;
    F.Lvl = Info ? Info->DefaultLevel : Level::Warning;
    F.Loc = G.region(H0.Send->Loc);
    F.Message = "send to '" + std::string(G.chan(H0.ChanNode).Name) +
                "' blocks in a cycle of bounded channels that deadlocks "
                "once every buffer is full: " +
                Path;
    F.MessageKey = "blocking-cycle";
    F.Enclosing = G.fnQual(H0.Send->Function);
    F.Help = "fix: make one send of the cycle non-blocking (try_send), race "
             "it against a receive of the task's input, or restructure the "
             "feedback path; see " +
             (Info ? ruleHelpUri(*Info) : std::string());
    for (const Hop &H : C.Hops) {
      const ChanNode &CN = G.chan(H.ChanNode);
      std::string Name(CN.Name);
      RelatedNote S{G.region(H.Send->Loc), "'" + G.Tasks[H.TaskNode].Label +
                                               "' sends to '" + Name + "' (" +
                                     capacityText(CN) +
                                     ") and waits while it is full"};
      RelatedNote R{G.region(H.Receive->Loc),
                    "'" + G.Tasks[H.NextTask].Label + "' receives from '" +
                        Name + "'"};
      F.Notes.push_back(S);
      F.Notes.push_back(R);
      F.Flow.push_back(S);
      F.Flow.push_back(R);
    }
    Out.Findings.push_back(std::move(F));
  }
}

} // namespace program
} // namespace corosafe
