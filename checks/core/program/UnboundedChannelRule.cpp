//===- UnboundedChannelRule.cpp - corosafe-unbounded-channel --------------===//
//
// Reports a send to an unbounded channel when no consumer of the channel
// reaches back to the producer through the task graph (a credit or
// acknowledgement path would pace it). Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"

#include "corosafe/Rules.h"

namespace corosafe {
namespace program {

void reportUnbounded(const TaskGraph &G, ProgramAnalysis &Out) {
  const RuleInfo *Info = findRule(UnboundedRule);
  unsigned NT = G.Tasks.size();
  // The operations on each channel, in task order; one pass for all.
  std::vector<std::vector<std::pair<const OpRec *, unsigned>>> OnChan(
      G.numNodes() - NT);
  std::vector<bool> LockSendOn(G.numNodes() - NT);
  for (unsigned T = 0; T < NT; ++T)
    for (const ResolvedOp &R : G.Tasks[T].Ops)
      if (!G.chan(R.Chan).Bounded) {
        OnChan[R.Chan - NT].push_back({R.Op, T});
        if (R.Lock && R.Op->Direction == ChannelDirection::Send)
          LockSendOn[R.Chan - NT] = true;
      }
  // A consumer reaches back to a producer that sends on an edge of the
  // graph exactly when both are in one strongly connected component.
  std::vector<unsigned> Comp = components(G.Adj);
  for (unsigned C = NT; C < G.numNodes(); ++C) {
    const ChanNode &CN = G.chan(C);
    if (CN.Bounded)
      continue;
    std::string Name(CN.Name);
    std::vector<std::pair<const OpRec *, unsigned>> Sends, Receives;
    bool LockSend = LockSendOn[C - NT];
    for (const auto &[Op, T] : OnChan[C - NT])
      (Op->Direction == ChannelDirection::Send ? Sends : Receives)
          .push_back({Op, T});
    // Producers are paced if the consumers reach back to them (a credit or
    // acknowledgement path through the graph). A lock's send is no edge:
    // then walk the graph from the channel.
    std::vector<bool> Reach;
    if (LockSend) {
      Reach.assign(G.numNodes(), false);
      std::vector<unsigned> Q{C};
      Reach[C] = true;
      for (size_t I = 0; I < Q.size(); ++I)
        for (unsigned W : G.Adj[Q[I]])
          if (!Reach[W]) {
            Reach[W] = true;
            Q.push_back(W);
          }
    }
    auto Paced = [&](unsigned T) {
      return LockSend ? bool(Reach[T]) : Comp[T] == Comp[C];
    };
    const OpRec *Primary = nullptr;
    unsigned PrimaryTask = 0;
    for (const auto &[Op, T] : Sends)
      if (!Paced(T) && (!Primary || locLess(G.S, Op->Loc, Primary->Loc))) {
        Primary = Op;
        PrimaryTask = T;
      }
    if (!Primary)
      continue;
    Finding F;
    F.RuleId = UnboundedRule;
    F.Lvl = Info ? Info->DefaultLevel : Level::Note;
    F.Loc = G.region(Primary->Loc);
    F.Message = "'" + G.Tasks[PrimaryTask].Label + "' sends to unbounded '" +
                Name +
                "' and nothing slows it down: the queue grows without limit "
                "when its consumer falls behind";
    F.MessageKey = "unpaced-producer";
    F.Enclosing = G.fnQual(Primary->Function);
    F.Help = "fix: bound the channel and let the producer wait when it is "
             "full, or monitor its length and shed load; see " +
             (Info ? ruleHelpUri(*Info) : std::string());
    if (CN.Declared)
      F.Notes.push_back(
          {G.region(CN.Loc),
           "'" + Name + "' declared here, unbounded (" +
               std::string(CN.TypeName) + ")"});
    for (const auto &[Op, T] : Receives)
      F.Notes.push_back({G.region(Op->Loc), "'" + G.Tasks[T].Label +
                                                "' receives from '" + Name +
                                                "'"});
    Out.Findings.push_back(std::move(F));
  }
}

} // namespace program
} // namespace corosafe
