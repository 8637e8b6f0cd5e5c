//===- TaskGraph.h - the merged program: tasks and channels -----*- C++ -*-===//
//
// Internal to checks/core/program: the graph the whole-program rules and the
// picture work on, built from the interned facts of every TU (Store.h;
// docs/facts.md, "How the merge builds the graph"):
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

#include "Store.h"
#include "corosafe/Facts.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
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

/// A channel of the merged program: a declared one, or one known only from
/// the operations that resolve to it ("declaration not analyzed"). Strings
/// are views into the store's pool.
struct ChanNode {
  ChannelRef::Kind Kind = ChannelRef::Kind::Unknown;
  Sym Usr = 0;
  std::string_view Name, TypeName, Origin;
  bool Bounded = true;
  bool Declared = false; ///< a declaration was seen (not only operations)
  bool Used = false;     ///< an operation of a task resolves to it
  LocRec Loc;
  std::optional<uint64_t> Capacity;
  std::string Unknown; ///< why the capacity is unknown
};

/// A channel parameter of a function: (function, index).
using ParamKey = uint64_t;
inline ParamKey paramKey(Sym Fn, uint32_t Index) {
  return (uint64_t(Fn) << 32) | Index;
}

/// Parameter bindings of a task instance: each channel parameter bound to a
/// channel (an index into TaskGraph::Chans), sorted by parameter.
using Bindings = std::vector<std::pair<ParamKey, uint32_t>>;

struct ResolvedOp {
  const OpRec *Op;
  /// The channel's node once the graph is built (an index into Chans
  /// while it is built).
  unsigned Chan;
  /// Half of a lock: a send followed in the same function by a receive of
  /// the same channel (acquire, release), with no other operation on that
  /// channel in between. Not a flow edge.
  bool Lock = false;
};

struct Task {
  Sym Fn = 0;
  Bindings Ctx;
  std::optional<LocRec> SpawnedAt;
  /// Started as an operand of a concurrent combinator awaited by the task
  /// that expanded it (SpawnedAt is the operand call), not by a spawn.
  bool Operand = false;
  std::string Label;
  std::vector<ResolvedOp> Ops; ///< sorted by location
};

/// One step of a cycle: a task sends to a channel another task receives.
struct Hop {
  const OpRec *Send;    ///< task -> channel
  const OpRec *Receive; ///< channel -> next task
  unsigned TaskNode, ChanNode, NextTask;
};

struct Cycle {
  std::vector<Hop> Hops; ///< starts at the primary send
};

/// The merged program, on the interned facts of a Store (which must
/// outlive it).
class TaskGraph {
public:
  explicit TaskGraph(const Store &S) : S(S) {}

  const Store &S;
  std::vector<ToolNotification> Notifications;
  std::vector<ChanNode> Chans;

  // Graph: nodes [0, Tasks.size()) are tasks, then the used channels.
  std::vector<Task> Tasks;
  std::vector<uint32_t> ChanOrder; ///< channel node -> index into Chans
  std::vector<std::vector<unsigned>> Adj;
  bool CyclesTruncated = false;
  /// Option corosafe-channel-cycle.MaxTaskInstances: a bound on the task
  /// instances (function + channel bindings) the graph expands to.
  unsigned MaxInstances = DefaultMaxInstances;

  /// Joins the facts of the store: one node per channel, however many TUs
  /// declare it, with its capacities joined; each function's first fact in
  /// the facts order.
  void load();
  /// Task instances, their operations, the bipartite graph.
  void build();
  /// The blocking cycles, at most \p MaxCycles (CyclesTruncated says when
  /// more were found or the enumeration was cut short).
  std::vector<Cycle> blockingCycles(unsigned MaxCycles);

  unsigned numNodes() const { return Tasks.size() + ChanOrder.size(); }
  bool isTask(unsigned N) const { return N < Tasks.size(); }
  const ChanNode &chan(unsigned N) const {
    return Chans[ChanOrder[N - Tasks.size()]];
  }
  std::string str(Sym X) const { return std::string(S.str(X)); }
  SourceRegion region(const LocRec &L) const { return S.region(L); }
  std::string fnName(Sym Usr) const;
  std::string fnQual(Sym Usr) const;
  const FnRec *fn(Sym Usr) const;

private:
  /// By function USR (a Sym): its fact; its operations (source order
  /// first) and its edges (in the facts order) as ranges of OpsSorted and
  /// EdgesSorted; whether it reaches a channel operation.
  std::vector<uint32_t> FnOf;
  std::vector<uint32_t> OpsBegin, EdgesBegin;
  std::vector<uint32_t> OpsSorted, EdgesSorted;
  std::vector<bool> ReachesChannel;
  std::unordered_map<uint64_t, uint32_t> ChanIndex; ///< (kind, USR) -> Chans
  /// Task instances by function and bindings (instanceKey).
  std::unordered_map<std::string, unsigned> InstanceIndex;

  uint32_t chanFor(ChannelRef::Kind K, Sym Usr);
  std::optional<uint32_t> resolve(const RefRec &Ref, const Bindings &Ctx);
  void addInstance(Sym Fn, Bindings Ctx, std::optional<LocRec> SpawnedAt,
                   std::vector<unsigned> &Work, bool Operand = false);
  void markLocks(Task &T) const;
  void expand(unsigned TaskIdx, Sym Fn, const Bindings &Ctx, unsigned Depth,
              std::unordered_set<std::string> &Seen,
              std::vector<unsigned> &Work);
  void enumerate(unsigned MaxEnumerated,
                 const std::function<bool(const std::vector<unsigned> &)> &);
};

/// The strongly connected components of a graph (Tarjan's algorithm,
/// without recursion): the component of each node.
std::vector<unsigned>
components(const std::vector<std::vector<unsigned>> &Adj);

/// Regions in source order (file by path, line, column, end).
bool locLess(const Store &S, const LocRec &A, const LocRec &B);

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
void reportCancelAcrossTUs(const Store &S, ProgramAnalysis &Out);

// The picture as text (GraphText.cpp). Paths relative to \p Root.
std::string toDot(const TaskGraph &G, const std::vector<Cycle> &Cycles,
                  const std::string &Root);
std::string toHtml(const TaskGraph &G, const std::vector<Cycle> &Cycles,
                   const std::string &Svg, const std::string &Root);

} // namespace program
} // namespace corosafe

#endif
