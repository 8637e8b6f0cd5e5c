//===- TaskGraph.h - the merged program: tasks and channels -----*- C++ -*-===//
//
// Internal to checks/core/program: the graph the whole-program rules and the
// picture work on, built from the typed facts of every TU (docs/facts.md,
// "How the merge builds the graph"):
//
// - task instances: every spawn site creates one, with the channel arguments
//   of the spawned coroutine bound to the channels the spawner passed (in the
//   spawner's own bindings), and so does every operand of a concurrent
//   combinator ('&&', '||', a parallel group); functions that nothing calls
//   or spawns are roots;
// - a task's operations are those of its function and of everything it calls
//   or awaits (same task), with the bindings carried along;
// - edges task -> channel (send) and channel -> task (receive), except the
//   operations of a lock (a send followed in the same function by a receive
//   of the same channel);
// - the elementary cycles of that bipartite graph (Johnson's algorithm) in
//   which every channel is bounded and every task blocks on its send.
//
// Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_PROGRAM_TASKGRAPH_H
#define COROSAFE_PROGRAM_TASKGRAPH_H

#include "corosafe/Facts.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corosafe {
namespace program {

constexpr const char *CycleRule = "corosafe-channel-cycle";
constexpr const char *UnboundedRule = "corosafe-unbounded-channel";
constexpr unsigned DefaultMaxCycles = 100;
constexpr unsigned DefaultMaxInstances = 10000;

/// A positive count option of corosafe-channel-cycle ("MaxCycles",
/// "MaxTaskInstances"); a value that is not a number gives \p Default and,
/// when \p Notes is given, a corosafe-invalid-option notification.
unsigned countOption(const OptionMap &Options, const char *Key,
                     unsigned Default, std::vector<ToolNotification> *Notes);

/// A channel of the merged program, by key ("field:" + USR, ...).
struct ChanNode {
  std::string Key, Name, Kind, TypeName, Origin;
  bool Bounded = true;
  bool Declared = false; ///< a declaration was seen (not only operations)
  SourceRegion Loc;
  std::optional<uint64_t> Capacity;
  std::string Unknown; ///< why the capacity is unknown
};

/// Parameter bindings of a task instance: "fnUSR#index" -> channel key.
using Bindings = std::map<std::string, std::string>;

struct ResolvedOp {
  const OperationFact *Op;
  std::string Chan; ///< the channel key it resolved to
  /// Half of a lock: a send followed in the same function by a receive of
  /// the same channel (acquire, release), with no other operation on that
  /// channel in between. Not a flow edge.
  bool Lock = false;
};

struct Task {
  std::string Fn;
  Bindings Ctx;
  std::optional<SourceRegion> SpawnedAt;
  /// Started as an operand of a concurrent combinator awaited by task
  /// Parent (SpawnedAt is the operand call), not by a spawn.
  bool Operand = false;
  std::optional<unsigned> Parent;
  std::string Label;
  std::vector<ResolvedOp> Ops; ///< sorted by location
};

/// One step of a cycle: a task sends to a channel another task receives.
struct Hop {
  const OperationFact *Send;    ///< task -> channel
  const OperationFact *Receive; ///< channel -> next task
  unsigned TaskNode, ChanNode, NextTask;
};

struct Cycle {
  std::vector<Hop> Hops; ///< starts at the primary send
};

/// The merged program. Keeps pointers into the facts it was loaded from:
/// they must outlive it.
class TaskGraph {
public:
  std::vector<ToolNotification> Notifications;
  std::map<std::string, const FunctionFact *> Fns; ///< by USR
  std::map<std::string, std::vector<const OperationFact *>> OpsByFn;
  std::map<std::string, std::vector<const EdgeFact *>> EdgesByFn;
  std::map<std::string, ChanNode> Chans; ///< by key

  // Graph: nodes [0, Tasks.size()) are tasks, then channels.
  std::vector<Task> Tasks;
  std::vector<std::string> ChanKeys;
  std::vector<std::vector<unsigned>> Adj;
  bool CyclesTruncated = false;
  /// Option corosafe-channel-cycle.MaxTaskInstances: a bound on the task
  /// instances (function + channel bindings) the graph expands to.
  unsigned MaxInstances = DefaultMaxInstances;

  /// Joins the facts of every TU: duplicates (a header's facts seen from
  /// several TUs) collapse, channels declared in several TUs are one node
  /// with their capacities joined.
  void load(const std::vector<TUFacts> &TUs);
  /// Task instances, their operations, the bipartite graph.
  void build();
  /// The blocking cycles, at most \p MaxCycles (CyclesTruncated says when
  /// more were found or the enumeration was cut short).
  std::vector<Cycle> blockingCycles(unsigned MaxCycles);

  unsigned numNodes() const { return Tasks.size() + ChanKeys.size(); }
  bool isTask(unsigned N) const { return N < Tasks.size(); }
  const ChanNode &chan(unsigned N) const {
    return Chans.at(ChanKeys[N - Tasks.size()]);
  }
  std::string fnName(const std::string &Usr) const;
  std::string fnQual(const std::string &Usr) const;
  const FunctionFact *fn(const std::string &Usr) const;

private:
  std::map<std::string, unsigned> InstanceIndex;
  /// Functions with a channel operation and everything that reaches one.
  std::set<std::string> ReachesChannel;
  void addInstance(const std::string &Fn, Bindings Ctx,
                   std::optional<SourceRegion> SpawnedAt,
                   std::vector<unsigned> &Work,
                   std::optional<unsigned> OperandOf = std::nullopt);
  void markLocks(Task &T) const;
  void expand(unsigned TaskIdx, const std::string &Fn, const Bindings &Ctx,
              unsigned Depth, std::set<std::string> &Seen,
              std::vector<unsigned> &Work);
  void enumerate(unsigned MaxEnumerated,
                 const std::function<bool(const std::vector<unsigned> &)> &);
};

/// "a.cpp:12" for labels.
std::string shortLoc(const SourceRegion &R);

/// "capacity 4", "capacity 0, a rendezvous", "unbounded",
/// "capacity unknown: <why>".
std::string capacityText(const ChanNode &C);

// The rules (ChannelCycleRule.cpp, UnboundedChannelRule.cpp).
void reportCycles(TaskGraph &G, const OptionMap &Options,
                  ProgramAnalysis &Out);
void reportUnbounded(const TaskGraph &G, ProgramAnalysis &Out);
/// corosafe-cancel-select for operands whose body is in another TU
/// (CancelAcrossTUs.cpp).
void reportCancelAcrossTUs(const std::vector<TUFacts> &TUs,
                           ProgramAnalysis &Out);

// The picture as text (GraphText.cpp). Paths relative to \p Root.
std::string toDot(const TaskGraph &G, const std::vector<Cycle> &Cycles,
                  const std::string &Root);
std::string toHtml(const TaskGraph &G, const std::vector<Cycle> &Cycles,
                   const std::string &Svg, const std::string &Root);

} // namespace program
} // namespace corosafe

#endif
