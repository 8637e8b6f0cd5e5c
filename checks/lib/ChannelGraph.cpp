//===- ChannelGraph.cpp - merge facts, whole-program rules ---------------===//
//
// Merges the facts of every translation unit (docs/facts.md) into one graph
// of tasks and channels and runs the whole-program rules on it:
//
// - task instances: every spawn site creates one, with the channel arguments
//   of the spawned coroutine bound to the channels the spawner passed (in the
//   spawner's own bindings); functions that nothing calls or spawns are roots;
// - a task's operations are those of its function and of everything it calls
//   or awaits (same task), with the bindings carried along;
// - edges task -> channel (send) and channel -> task (receive);
// - corosafe-channel-cycle: the elementary cycles (Johnson's algorithm) in
//   which every channel is bounded and every task blocks on its send;
// - corosafe-unbounded-channel: unbounded channels whose producer nothing
//   paces.
//
// Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "corosafe/Facts.h"
#include "corosafe/Rules.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>

using nlohmann::json;

namespace corosafe {

bool isWholeProgramRule(std::string_view RuleId) {
  return RuleId == "corosafe-channel-cycle" ||
         RuleId == "corosafe-unbounded-channel";
}

namespace {

constexpr const char *CycleRule = "corosafe-channel-cycle";
constexpr const char *UnboundedRule = "corosafe-unbounded-channel";
constexpr unsigned DefaultMaxCycles = 100;
constexpr unsigned DefaultMaxInstances = 10000;
constexpr unsigned MaxCallDepth = 16;

SourceRegion regionOf(const json &J) {
  SourceRegion R;
  if (!J.is_object())
    return R;
  R.File = J.value("file", "");
  R.Line = J.value("line", 0u);
  R.Column = J.value("column", 0u);
  R.EndLine = J.value("endLine", R.Line);
  R.EndColumn = J.value("endColumn", R.Column + 1);
  return R;
}

std::string baseName(const std::string &Path) {
  size_t P = Path.find_last_of('/');
  return P == std::string::npos ? Path : Path.substr(P + 1);
}

std::string shortLoc(const SourceRegion &R) {
  return baseName(R.File) + ":" + std::to_string(R.Line);
}

struct FnFact {
  std::string Usr, Name, Qual;
  bool Coroutine = false, Lambda = false;
  SourceRegion Loc;
};

struct OpFact {
  std::string Fn;
  json Ref;
  std::string RefName;
  bool Bounded = true;
  std::string TypeName;
  bool Send = true;
  bool Blocking = true;
  std::string Method;
  SourceRegion Loc;
  std::string Select; // id of the select it is an operand of, or empty
};

struct EdgeFact {
  std::string Kind, Caller, Callee, CalleeName;
  std::vector<std::pair<unsigned, json>> Args;
  SourceRegion Loc;
};

struct ChanNode {
  std::string Key, Name, Kind, TypeName, Origin;
  bool Bounded = true;
  bool Declared = false;
  SourceRegion Loc;
  std::optional<uint64_t> Capacity;
  std::string Unknown; // why the capacity is unknown
};

using Bindings = std::map<std::string, std::string>; // "fn#i" -> channel key

struct ResolvedOp {
  const OpFact *Op;
  std::string Chan;
};

struct Task {
  std::string Fn;
  Bindings Ctx;
  std::optional<SourceRegion> SpawnedAt;
  std::string Label;
  std::vector<ResolvedOp> Ops;
};

struct Hop {
  const OpFact *Send;    // task -> channel
  const OpFact *Receive; // channel -> next task
  unsigned TaskNode, ChanNode, NextTask;
};

struct Cycle {
  std::vector<Hop> Hops; // starts at the primary send
};

std::optional<std::string> staticKey(const json &Ref) {
  std::string K = Ref.value("kind", "unknown");
  if (K == "global" || K == "local" || K == "field")
    return K + ":" + Ref.value("usr", "");
  return std::nullopt;
}

std::optional<std::string> resolve(const json &Ref, const Bindings &Ctx) {
  if (std::optional<std::string> K = staticKey(Ref))
    return K;
  if (Ref.value("kind", "") == "param") {
    auto It = Ctx.find(Ref.value("function", "") + "#" +
                       std::to_string(Ref.value("index", 0u)));
    if (It != Ctx.end())
      return It->second;
  }
  return std::nullopt;
}

std::string ctxString(const Bindings &B) {
  std::string S;
  for (const auto &[K, V] : B)
    S += K + "=" + V + ";";
  return S;
}

/// The merged program: facts, task instances, the bipartite graph.
class Program {
public:
  std::vector<ToolNotification> Notifications;
  std::map<std::string, FnFact> Fns;
  std::map<std::string, std::vector<OpFact>> OpsByFn;
  std::map<std::string, std::vector<EdgeFact>> EdgesByFn;
  std::map<std::string, ChanNode> Chans; // by key

  // Graph: nodes [0, Tasks.size()) are tasks, then channels.
  std::vector<Task> Tasks;
  std::vector<std::string> ChanKeys;
  std::vector<std::vector<unsigned>> Adj;
  bool CyclesTruncated = false;
  /// Option corosafe-channel-cycle.MaxTaskInstances: a bound on the task
  /// instances (function + channel bindings) the graph expands to.
  unsigned MaxInstances = DefaultMaxInstances;

  void load(const std::vector<json> &TUFacts);
  void build();
  std::vector<Cycle> blockingCycles(unsigned MaxCycles);

  unsigned numNodes() const { return Tasks.size() + ChanKeys.size(); }
  bool isTask(unsigned N) const { return N < Tasks.size(); }
  const ChanNode &chan(unsigned N) const {
    return Chans.at(ChanKeys[N - Tasks.size()]);
  }
  std::string fnName(const std::string &Usr) const {
    auto It = Fns.find(Usr);
    return It == Fns.end() ? "<unknown>" : It->second.Name;
  }
  std::string fnQual(const std::string &Usr) const {
    auto It = Fns.find(Usr);
    return It == Fns.end() ? "" : It->second.Qual;
  }

private:
  std::map<std::string, unsigned> InstanceIndex;
  void addInstance(const std::string &Fn, Bindings Ctx,
                   std::optional<SourceRegion> SpawnedAt,
                   std::vector<unsigned> &Work);
  void expand(unsigned TaskIdx, const std::string &Fn, const Bindings &Ctx,
              unsigned Depth, std::set<std::string> &Seen,
              std::vector<unsigned> &Work);
  void enumerate(unsigned MaxEnumerated,
                 const std::function<bool(const std::vector<unsigned> &)> &);
};

void Program::load(const std::vector<json> &TUFacts) {
  std::set<json> FnsJ, ChansJ, OpsJ, EdgesJ;
  for (const json &F : TUFacts) {
    std::string TU = F.is_object() ? F.value("tu", "") : "";
    try {
      int V = F.at("schemaVersion").get<int>();
      if (V != FactsSchemaVersion) {
        Notifications.push_back(
            {TU,
             "facts of '" + TU + "' have schema version " + std::to_string(V) +
                 ", expected " + std::to_string(FactsSchemaVersion) +
                 "; regenerate them with this version of corosafe",
             Level::Warning, "corosafe-facts-version"});
        continue;
      }
      for (const json &X : F.value("functions", json::array()))
        FnsJ.insert(X);
      for (const json &X : F.value("channels", json::array()))
        ChansJ.insert(X);
      for (const json &X : F.value("operations", json::array()))
        OpsJ.insert(X);
      for (const json &X : F.value("edges", json::array()))
        EdgesJ.insert(X);
    } catch (const json::exception &E) {
      Notifications.push_back({TU, "malformed facts: " + std::string(E.what()),
                               Level::Warning, "corosafe-facts-malformed"});
    }
  }
  for (const json &X : FnsJ) {
    FnFact F;
    F.Usr = X.value("usr", "");
    if (F.Usr.empty() || Fns.count(F.Usr))
      continue; // the same inline function seen from several TUs
    F.Name = X.value("name", "");
    F.Qual = X.value("qualifiedName", F.Name);
    F.Coroutine = X.value("coroutine", false);
    F.Lambda = X.value("lambda", false);
    F.Loc = regionOf(X.value("loc", json()));
    Fns[F.Usr] = F;
  }
  for (const json &X : OpsJ) {
    OpFact O;
    O.Fn = X.value("function", "");
    O.Ref = X.value("channel", json::object());
    O.RefName = O.Ref.value("name", "");
    json T = X.value("type", json::object());
    O.Bounded = T.value("bounded", true);
    O.TypeName = T.value("name", "");
    O.Send = X.value("direction", "") == "send";
    O.Blocking = X.value("blocking", true);
    O.Method = X.value("method", "");
    O.Loc = regionOf(X.value("loc", json()));
    if (X.contains("select"))
      O.Select = X["select"].value("id", "");
    OpsByFn[O.Fn].push_back(O);
  }
  for (const json &X : EdgesJ) {
    EdgeFact E;
    E.Kind = X.value("kind", "call");
    E.Caller = X.value("caller", "");
    E.Callee = X.value("callee", "");
    E.CalleeName = X.value("calleeName", "");
    for (const json &A : X.value("args", json::array()))
      E.Args.push_back({A.value("param", 0u), A.value("ref", json())});
    E.Loc = regionOf(X.value("loc", json()));
    EdgesByFn[E.Caller].push_back(E);
  }
  // Channels: the same channel declared in several TUs (a field in a
  // header, an extern global) is merged; capacities are joined.
  std::map<std::string, std::set<json>> Caps;
  for (const json &X : ChansJ) {
    std::string Key = X.value("kind", "") + ":" + X.value("usr", "");
    ChanNode &C = Chans[Key];
    if (!C.Declared) {
      C.Key = Key;
      C.Name = X.value("name", "");
      C.Kind = X.value("kind", "");
      json T = X.value("type", json::object());
      C.TypeName = T.value("name", "");
      C.Origin = T.value("origin", "");
      C.Bounded = T.value("bounded", true);
      C.Loc = regionOf(X.value("loc", json()));
      C.Declared = true;
    }
    for (const json &Cap : X.value("capacities", json::array()))
      Caps[Key].insert(Cap);
  }
  for (auto &[Key, C] : Chans) {
    std::set<uint64_t> Values;
    std::set<std::string> Reasons;
    for (const json &Cap : Caps[Key]) {
      std::string K = Cap.value("kind", "unknown");
      if (K == "constant")
        Values.insert(Cap.value("value", uint64_t(0)));
      else if (K == "unknown")
        Reasons.insert(Cap.value("reason", "unknown"));
    }
    if (!C.Bounded)
      continue;
    if (Values.size() == 1 && Reasons.empty()) {
      C.Capacity = *Values.begin();
    } else if (Values.size() > 1) {
      std::string L;
      for (uint64_t V : Values)
        L += (L.empty() ? "" : ", ") + std::to_string(V);
      C.Unknown = "initializers differ (" + L + ")";
    } else if (!Reasons.empty()) {
      C.Unknown = *Reasons.begin();
    } else {
      C.Unknown = "no initializer seen";
    }
  }
}

void Program::addInstance(const std::string &Fn, Bindings Ctx,
                          std::optional<SourceRegion> SpawnedAt,
                          std::vector<unsigned> &Work) {
  std::string Key = Fn + "|" + ctxString(Ctx);
  if (InstanceIndex.count(Key) || Tasks.size() >= MaxInstances)
    return;
  InstanceIndex[Key] = Tasks.size();
  Task T;
  T.Fn = Fn;
  T.Ctx = std::move(Ctx);
  T.SpawnedAt = SpawnedAt;
  Tasks.push_back(std::move(T));
  Work.push_back(Tasks.size() - 1);
}

void Program::expand(unsigned TaskIdx, const std::string &Fn,
                     const Bindings &Ctx, unsigned Depth,
                     std::set<std::string> &Seen, std::vector<unsigned> &Work) {
  if (Depth > MaxCallDepth || !Seen.insert(Fn + "|" + ctxString(Ctx)).second)
    return;
  auto OpsIt = OpsByFn.find(Fn);
  auto EdgesIt = EdgesByFn.find(Fn);
  if (OpsIt != OpsByFn.end())
    for (const OpFact &O : OpsIt->second)
      if (std::optional<std::string> K = resolve(O.Ref, Ctx))
        Tasks[TaskIdx].Ops.push_back({&O, *K});
  if (EdgesIt == EdgesByFn.end())
    return;
  for (const EdgeFact &E : EdgesIt->second) {
    if (E.Callee == Fn)
      continue;
    auto FnIt = Fns.find(E.Callee);
    bool CalleeIsLambda = FnIt != Fns.end() && FnIt->second.Lambda;
    Bindings Child;
    if (E.Kind != "spawn" || CalleeIsLambda)
      Child = Ctx; // same task, or a lambda that sees the spawner's names
    for (const auto &[Param, Ref] : E.Args)
      if (std::optional<std::string> K = resolve(Ref, Ctx))
        Child[E.Callee + "#" + std::to_string(Param)] = *K;
    if (E.Kind == "spawn")
      addInstance(E.Callee, std::move(Child), E.Loc, Work);
    else
      expand(TaskIdx, E.Callee, Child, Depth + 1, Seen, Work);
  }
}

void Program::build() {
  std::set<std::string> Called;
  for (const auto &[Caller, Edges] : EdgesByFn)
    for (const EdgeFact &E : Edges)
      if (E.Callee != Caller)
        Called.insert(E.Callee);
  std::vector<unsigned> Work;
  for (const auto &[Usr, F] : Fns)
    if (!Called.count(Usr))
      addInstance(Usr, {}, std::nullopt, Work);
  for (size_t I = 0; I < Work.size(); ++I) {
    std::set<std::string> Seen;
    Bindings Ctx = Tasks[Work[I]].Ctx;
    std::string Fn = Tasks[Work[I]].Fn;
    expand(Work[I], Fn, Ctx, 0, Seen, Work);
  }
  if (Tasks.size() >= MaxInstances)
    Notifications.push_back(
        {"",
         "stopped after " + std::to_string(MaxInstances) +
             " task instances; the channel graph is incomplete",
         Level::Warning, "corosafe-graph-limit"});
  // Keep tasks that touch a channel, in a deterministic order.
  std::vector<Task> Kept;
  for (Task &T : Tasks) {
    if (T.Ops.empty())
      continue;
    std::sort(T.Ops.begin(), T.Ops.end(),
              [](const ResolvedOp &A, const ResolvedOp &B) {
                return std::tie(A.Op->Loc, A.Chan, A.Op->Method) <
                       std::tie(B.Op->Loc, B.Chan, B.Op->Method);
              });
    Kept.push_back(std::move(T));
  }
  std::map<std::string, unsigned> PerFn;
  for (const Task &T : Kept)
    ++PerFn[T.Fn];
  for (Task &T : Kept) {
    T.Label = fnName(T.Fn);
    if (PerFn[T.Fn] > 1 && T.SpawnedAt)
      T.Label += " spawned at " + shortLoc(*T.SpawnedAt);
  }
  std::sort(Kept.begin(), Kept.end(), [](const Task &A, const Task &B) {
    return std::tie(A.Label, A.Fn, A.SpawnedAt, A.Ctx) <
           std::tie(B.Label, B.Fn, B.SpawnedAt, B.Ctx);
  });
  Tasks = std::move(Kept);
  // Channels: declared ones and those known only from operations.
  std::set<std::string> Used;
  for (const Task &T : Tasks)
    for (const ResolvedOp &R : T.Ops) {
      Used.insert(R.Chan);
      ChanNode &C = Chans[R.Chan];
      if (!C.Declared && C.Key.empty()) {
        C.Key = R.Chan;
        C.Name = R.Op->RefName;
        C.TypeName = R.Op->TypeName;
        C.Bounded = R.Op->Bounded;
        C.Unknown = "declaration not analyzed";
      }
    }
  ChanKeys.assign(Used.begin(), Used.end());
  std::sort(ChanKeys.begin(), ChanKeys.end(),
            [&](const std::string &A, const std::string &B) {
              return std::tie(Chans[A].Name, A) < std::tie(Chans[B].Name, B);
            });
  std::map<std::string, unsigned> ChanIdx;
  for (unsigned I = 0; I < ChanKeys.size(); ++I)
    ChanIdx[ChanKeys[I]] = Tasks.size() + I;
  Adj.assign(numNodes(), {});
  for (unsigned T = 0; T < Tasks.size(); ++T)
    for (const ResolvedOp &R : Tasks[T].Ops) {
      unsigned C = ChanIdx[R.Chan];
      if (R.Op->Send)
        Adj[T].push_back(C);
      else
        Adj[C].push_back(T);
    }
  for (auto &A : Adj) {
    std::sort(A.begin(), A.end());
    A.erase(std::unique(A.begin(), A.end()), A.end());
  }
}

/// Johnson's algorithm: every elementary cycle once, from its smallest node.
/// \p Found returns false to stop.
void Program::enumerate(
    unsigned MaxEnumerated,
    const std::function<bool(const std::vector<unsigned> &)> &Found) {
  unsigned N = numNodes();
  std::vector<bool> Blocked(N);
  std::vector<std::set<unsigned>> B(N);
  std::vector<unsigned> Stack;
  unsigned Count = 0;
  bool Stop = false;
  std::function<void(unsigned)> Unblock = [&](unsigned U) {
    Blocked[U] = false;
    std::set<unsigned> Ws;
    std::swap(Ws, B[U]);
    for (unsigned W : Ws)
      if (Blocked[W])
        Unblock(W);
  };
  std::function<bool(unsigned, unsigned)> Circuit = [&](unsigned V,
                                                        unsigned S) {
    bool F = false;
    Stack.push_back(V);
    Blocked[V] = true;
    for (unsigned W : Adj[V]) {
      if (Stop || W < S)
        continue;
      if (W == S) {
        F = true;
        if (++Count > MaxEnumerated || !Found(Stack)) {
          Stop = true;
          CyclesTruncated = true;
        }
      } else if (!Blocked[W] && Circuit(W, S)) {
        F = true;
      }
    }
    if (F)
      Unblock(V);
    else
      for (unsigned W : Adj[V])
        if (W >= S)
          B[W].insert(V);
    Stack.pop_back();
    return F;
  };
  for (unsigned S = 0; S < N && !Stop; ++S) {
    std::fill(Blocked.begin(), Blocked.end(), false);
    for (auto &X : B)
      X.clear();
    Circuit(S, S);
  }
}

std::vector<Cycle> Program::blockingCycles(unsigned MaxCycles) {
  std::vector<Cycle> Out;
  unsigned MaxEnumerated = std::max(10000u, MaxCycles * 100);
  enumerate(MaxEnumerated, [&](const std::vector<unsigned> &Path) {
    // Bipartite: tasks and channels alternate; start at a task.
    std::vector<unsigned> P = Path;
    if (!isTask(P[0]))
      std::rotate(P.begin(), P.begin() + 1, P.end());
    size_t K = P.size() / 2;
    std::vector<Hop> Hops;
    for (size_t I = 0; I < K; ++I) {
      unsigned T = P[2 * I], C = P[2 * I + 1], Next = P[(2 * I + 2) % P.size()];
      unsigned Prev = P[(2 * I + P.size() - 1) % P.size()];
      const ChanNode &CN = chan(C);
      if (!CN.Bounded)
        return true;
      const std::string &Out = ChanKeys[C - Tasks.size()];
      const std::string &In = ChanKeys[Prev - Tasks.size()];
      const Task &Tk = Tasks[T];
      const OpFact *Send = nullptr;
      for (const ResolvedOp &R : Tk.Ops) {
        if (!R.Op->Send || R.Chan != Out || !R.Op->Blocking)
          continue;
        bool Drains = false;
        if (!R.Op->Select.empty())
          for (const ResolvedOp &O : Tk.Ops)
            if (!O.Op->Send && O.Op->Select == R.Op->Select && O.Chan == In)
              Drains = true;
        if (!Drains) {
          Send = R.Op;
          break; // Ops are sorted by location
        }
      }
      if (!Send)
        return true;
      const OpFact *Recv = nullptr;
      for (const ResolvedOp &R : Tasks[Next].Ops)
        if (!R.Op->Send && R.Chan == Out) {
          Recv = R.Op;
          break;
        }
      if (!Recv)
        return true;
      Hops.push_back({Send, Recv, T, C, Next});
    }
    // Primary: the first send by location.
    size_t First = 0;
    for (size_t I = 1; I < Hops.size(); ++I)
      if (Hops[I].Send->Loc < Hops[First].Send->Loc)
        First = I;
    std::rotate(Hops.begin(), Hops.begin() + First, Hops.end());
    Out.push_back({std::move(Hops)});
    return Out.size() < MaxCycles;
  });
  return Out;
}

std::string capacityText(const ChanNode &C) {
  if (!C.Bounded)
    return "unbounded";
  if (C.Capacity)
    return *C.Capacity == 0 ? "capacity 0, a rendezvous"
                            : "capacity " + std::to_string(*C.Capacity);
  return "capacity unknown: " + C.Unknown;
}

std::string helpFor(const char *Rule, const std::string &Fix) {
  const RuleInfo *R = findRule(Rule);
  return "fix: " + Fix + "; see " + (R ? ruleHelpUri(*R) : "");
}

std::optional<Level> ruleLevel(const char *Rule) {
  const RuleInfo *R = findRule(Rule);
  return R ? std::optional<Level>(R->DefaultLevel) : std::nullopt;
}

/// A positive count option of corosafe-channel-cycle; a value that is not a
/// number gives the default and a notification.
unsigned countOption(const OptionMap &Options, const char *Key,
                     unsigned Default, std::vector<ToolNotification> &Notes) {
  auto It = Options.find(std::string(CycleRule) + "." + Key);
  if (It == Options.end())
    return Default;
  try {
    return static_cast<unsigned>(std::max(1, std::stoi(It->second)));
  } catch (...) {
    Notes.push_back({"",
                     "invalid value '" + It->second + "' for " +
                         std::string(CycleRule) + "." + Key + "; using " +
                         std::to_string(Default),
                     Level::Warning, "corosafe-invalid-option"});
    return Default;
  }
}

void reportCycles(Program &P, const OptionMap &Options, ProgramAnalysis &Out) {
  unsigned MaxCycles =
      countOption(Options, "MaxCycles", DefaultMaxCycles, Out.Notifications);
  std::vector<Cycle> Cycles = P.blockingCycles(MaxCycles);
  if (P.CyclesTruncated)
    Out.Notifications.push_back(
        {"",
         "stopped after " + std::to_string(Cycles.size()) +
             " channel cycles; raise corosafe-channel-cycle.MaxCycles to "
             "see more",
         Level::Warning, "corosafe-cycle-limit"});
  for (const Cycle &C : Cycles) {
    const Hop &H0 = C.Hops.front();
    std::string Path = "'" + P.Tasks[H0.TaskNode].Label + "'";
    for (const Hop &H : C.Hops)
      Path += " -> '" + P.chan(H.ChanNode).Name + "' -> '" +
              P.Tasks[H.NextTask].Label + "'";
    Finding F;
    F.RuleId = CycleRule;
    F.Lvl = ruleLevel(CycleRule).value_or(Level::Warning);
    F.Loc = H0.Send->Loc;
    F.Message = "send to '" + P.chan(H0.ChanNode).Name +
                "' blocks in a cycle of bounded channels that deadlocks "
                "once every buffer is full: " +
                Path;
    F.MessageKey = "blocking-cycle";
    F.Enclosing = P.fnQual(H0.Send->Fn);
    F.Help = helpFor(CycleRule,
                     "make one send of the cycle non-blocking (try_send), "
                     "race it against a receive of the task's input, or "
                     "restructure the feedback path");
    for (const Hop &H : C.Hops) {
      const ChanNode &CN = P.chan(H.ChanNode);
      RelatedNote S{H.Send->Loc, "'" + P.Tasks[H.TaskNode].Label +
                                     "' sends to '" + CN.Name + "' (" +
                                     capacityText(CN) +
                                     ") and waits while it is full"};
      RelatedNote R{H.Receive->Loc, "'" + P.Tasks[H.NextTask].Label +
                                        "' receives from '" + CN.Name + "'"};
      F.Notes.push_back(S);
      F.Notes.push_back(R);
      F.Flow.push_back(S);
      F.Flow.push_back(R);
    }
    Out.Findings.push_back(std::move(F));
  }
}

void reportUnbounded(Program &P, ProgramAnalysis &Out) {
  unsigned NT = P.Tasks.size();
  for (unsigned C = NT; C < P.numNodes(); ++C) {
    const ChanNode &CN = P.chan(C);
    if (CN.Bounded)
      continue;
    const std::string &Key = P.ChanKeys[C - NT];
    // Producers are paced if the consumers reach back to them (a credit or
    // acknowledgement path through the graph).
    std::vector<bool> Reach(P.numNodes());
    std::vector<unsigned> Q{C};
    Reach[C] = true;
    for (size_t I = 0; I < Q.size(); ++I)
      for (unsigned W : P.Adj[Q[I]])
        if (!Reach[W]) {
          Reach[W] = true;
          Q.push_back(W);
        }
    std::vector<std::pair<const OpFact *, unsigned>> Sends, Receives;
    for (unsigned T = 0; T < NT; ++T)
      for (const ResolvedOp &R : P.Tasks[T].Ops)
        if (R.Chan == Key)
          (R.Op->Send ? Sends : Receives).push_back({R.Op, T});
    const OpFact *Primary = nullptr;
    unsigned PrimaryTask = 0;
    for (const auto &[Op, T] : Sends)
      if (!Reach[T] && (!Primary || Op->Loc < Primary->Loc)) {
        Primary = Op;
        PrimaryTask = T;
      }
    if (!Primary)
      continue;
    Finding F;
    F.RuleId = UnboundedRule;
    F.Lvl = ruleLevel(UnboundedRule).value_or(Level::Note);
    F.Loc = Primary->Loc;
    F.Message = "'" + P.Tasks[PrimaryTask].Label + "' sends to unbounded '" +
                CN.Name +
                "' and nothing slows it down: the queue grows without limit "
                "when its consumer falls behind";
    F.MessageKey = "unpaced-producer";
    F.Enclosing = P.fnQual(Primary->Fn);
    F.Help = helpFor(UnboundedRule,
                     "bound the channel and let the producer wait when it is "
                     "full, or monitor its length and shed load");
    if (CN.Declared)
      F.Notes.push_back(
          {CN.Loc,
           "'" + CN.Name + "' declared here, unbounded (" + CN.TypeName + ")"});
    for (const auto &[Op, T] : Receives)
      F.Notes.push_back({Op->Loc, "'" + P.Tasks[T].Label + "' receives from '" +
                                      CN.Name + "'"});
    Out.Findings.push_back(std::move(F));
  }
}

// --- the picture ------------------------------------------------------------

std::string dotEscape(const std::string &S) {
  std::string O;
  for (char C : S) {
    if (C == '"' || C == '\\')
      O += '\\';
    O += C;
  }
  return O;
}

std::string htmlEscape(const std::string &S) {
  std::string O;
  for (char C : S) {
    switch (C) {
    case '<':
      O += "&lt;";
      break;
    case '>':
      O += "&gt;";
      break;
    case '&':
      O += "&amp;";
      break;
    case '"':
      O += "&quot;";
      break;
    default:
      O += C;
    }
  }
  return O;
}

std::string relativeTo(const std::string &Path, const std::string &Root) {
  if (Root.empty() || Path.empty())
    return Path;
  std::filesystem::path R =
      std::filesystem::path(Path).lexically_relative(Root);
  if (R.empty() || R.native().rfind("..", 0) == 0)
    return Path;
  return R.string();
}

std::string toDot(Program &P, const std::vector<Cycle> &Cycles,
                  const std::string &Root) {
  std::set<std::pair<unsigned, unsigned>> Red;
  for (const Cycle &C : Cycles)
    for (const Hop &H : C.Hops) {
      Red.insert({H.TaskNode, H.ChanNode});
      Red.insert({H.ChanNode, H.NextTask});
    }
  std::ostringstream OS;
  OS << "digraph corosafe {\n"
     << "  rankdir=LR;\n"
     << "  graph [fontname=\"Helvetica\", fontsize=11, nodesep=0.3, "
        "ranksep=0.6];\n"
     << "  node [fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  // Tasks, clustered by the file that defines their function.
  std::map<std::string, std::vector<unsigned>> ByFile;
  for (unsigned T = 0; T < P.Tasks.size(); ++T) {
    auto It = P.Fns.find(P.Tasks[T].Fn);
    ByFile[It == P.Fns.end() ? "" : It->second.Loc.File].push_back(T);
  }
  unsigned Cluster = 0;
  for (const auto &[File, Ts] : ByFile) {
    OS << "  subgraph cluster_" << Cluster++ << " {\n"
       << "    label=\"" << dotEscape(relativeTo(File, Root)) << "\";\n"
       << "    style=rounded; color=\"#bbbbbb\";\n";
    for (unsigned T : Ts) {
      const Task &Tk = P.Tasks[T];
      auto It = P.Fns.find(Tk.Fn);
      bool Coro = It != P.Fns.end() && It->second.Coroutine;
      std::string Where = It == P.Fns.end() ? "" : shortLoc(It->second.Loc);
      OS << "    n" << T << " [shape=box, style=\"rounded,filled\", "
         << "fillcolor=\"" << (Coro ? "#e8f0fe" : "#f1f3f4") << "\", label=\""
         << dotEscape(Tk.Label) << "\\n"
         << dotEscape(Where) << "\"];\n";
    }
    OS << "  }\n";
  }
  for (unsigned C = P.Tasks.size(); C < P.numNodes(); ++C) {
    const ChanNode &CN = P.chan(C);
    OS << "  n" << C << " [shape=ellipse, style=filled, fillcolor=\""
       << (CN.Bounded ? "#fef7e0" : "#fce8e6") << "\""
       << (CN.Bounded ? "" : ", peripheries=2") << ", label=\""
       << dotEscape(CN.Name) << "\\n"
       << dotEscape(capacityText(CN)) << "\"];\n";
  }
  for (unsigned T = 0; T < P.Tasks.size(); ++T) {
    // One edge per (task, channel, direction); label with the methods.
    std::map<std::pair<unsigned, unsigned>, std::set<std::string>> Methods;
    std::map<std::pair<unsigned, unsigned>, bool> Blocking;
    for (const ResolvedOp &R : P.Tasks[T].Ops) {
      unsigned C = P.Tasks.size() +
                   (std::find(P.ChanKeys.begin(), P.ChanKeys.end(), R.Chan) -
                    P.ChanKeys.begin());
      std::pair<unsigned, unsigned> E =
          R.Op->Send ? std::make_pair(T, C) : std::make_pair(C, T);
      Methods[E].insert(R.Op->Method +
                        (R.Op->Select.empty() ? "" : " (select)"));
      Blocking[E] = Blocking[E] || R.Op->Blocking;
    }
    for (const auto &[E, Ms] : Methods) {
      std::string L;
      for (const std::string &M : Ms)
        L += (L.empty() ? "" : "\\n") + dotEscape(M);
      OS << "  n" << E.first << " -> n" << E.second << " [label=\"" << L
         << "\"";
      if (Red.count(E))
        OS << ", color=red, fontcolor=red, penwidth=2";
      if (!Blocking[E])
        OS << ", style=dashed";
      OS << "];\n";
    }
  }
  OS << "}\n";
  return OS.str();
}

std::string findDot() {
  const char *PathEnv = std::getenv("PATH");
  std::string PathS = PathEnv ? PathEnv : "/usr/bin:/bin";
  std::stringstream SS(PathS);
  std::string Dir;
  while (std::getline(SS, Dir, ':')) {
    if (Dir.empty())
      continue;
    std::string Cand = Dir + "/dot";
    if (::access(Cand.c_str(), X_OK) == 0)
      return Cand;
  }
  return "";
}

std::string shellQuote(const std::string &S) {
  std::string O = "'";
  for (char C : S) {
    if (C == '\'')
      O += "'\\''";
    else
      O += C;
  }
  return O + "'";
}

bool runDot(const std::string &Source, std::string &Svg, std::string &Err) {
  std::string Exe = findDot();
  if (Exe.empty()) {
    Err = "Graphviz 'dot' was not found on PATH; install Graphviz "
          "(scripts/install-deps.sh --with-test-tools) or write a .dot file";
    return false;
  }
  std::filesystem::path Tmp =
      std::filesystem::temp_directory_path() /
      ("corosafe_graph_" + std::to_string(::getpid()) + ".dot");
  {
    std::ofstream F(Tmp);
    F << Source;
    if (!F) {
      Err = "cannot write '" + Tmp.string() + "'";
      return false;
    }
  }
  std::string Cmd = shellQuote(Exe) + " -Tsvg " + shellQuote(Tmp.string());
  FILE *Pipe = ::popen(Cmd.c_str(), "r");
  if (!Pipe) {
    Err = "cannot run '" + Exe + "'";
    std::filesystem::remove(Tmp);
    return false;
  }
  char Buf[4096];
  size_t N;
  while ((N = std::fread(Buf, 1, sizeof Buf, Pipe)) > 0)
    Svg.append(Buf, N);
  int RC = ::pclose(Pipe);
  std::filesystem::remove(Tmp);
  if (RC != 0 || Svg.find("<svg") == std::string::npos) {
    Err = "'" + Exe + "' failed to render the graph";
    return false;
  }
  return true;
}

std::string toHtml(Program &P, const std::vector<Cycle> &Cycles,
                   const std::string &Svg, const std::string &Root) {
  std::ostringstream OS;
  OS << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
     << "<title>corosafe: tasks and channels</title>\n"
     << "<style>body{font-family:Helvetica,Arial,sans-serif;margin:1.5em}"
        "svg{max-width:100%;height:auto;border:1px solid #ddd}"
        ".legend span{display:inline-block;margin-right:1.5em}"
        "code{background:#f4f4f4;padding:0 .2em}</style>\n"
     << "</head><body>\n<h1>Tasks and channels</h1>\n"
     << "<p class=\"legend\"><span>&#9645; task (coroutine)</span>"
        "<span>&#11053; channel, with its capacity</span>"
        "<span style=\"color:red\">&#10230; edge of a blocking cycle</span>"
        "<span>&#8674; dashed: non-blocking operation</span>"
        "<span>double ellipse: unbounded</span></p>\n";
  // Keep only the <svg> element of dot's output.
  size_t B = Svg.find("<svg");
  OS << (B == std::string::npos ? Svg : Svg.substr(B)) << "\n";
  OS << "<h2>Blocking cycles (" << Cycles.size() << ")</h2>\n";
  if (Cycles.empty())
    OS << "<p>None.</p>\n";
  else
    OS << "<ol>\n";
  for (const Cycle &C : Cycles) {
    OS << "<li>";
    for (const Hop &H : C.Hops) {
      OS << "<code>" << htmlEscape(P.Tasks[H.TaskNode].Label) << "</code> "
         << "sends to <code>" << htmlEscape(P.chan(H.ChanNode).Name)
         << "</code> (" << htmlEscape(capacityText(P.chan(H.ChanNode)))
         << ") at " << htmlEscape(relativeTo(H.Send->Loc.File, Root)) << ":"
         << H.Send->Loc.Line << "; ";
    }
    OS << "back to <code>" << htmlEscape(P.Tasks[C.Hops[0].TaskNode].Label)
       << "</code></li>\n";
  }
  if (!Cycles.empty())
    OS << "</ol>\n";
  OS << "</body></html>\n";
  return OS.str();
}

} // namespace

ProgramAnalysis analyzeProgram(const std::vector<nlohmann::json> &TUFacts,
                               const std::vector<std::string> &EnabledRules,
                               const OptionMap &Options) {
  ProgramAnalysis Out;
  Program P;
  P.MaxInstances = countOption(Options, "MaxTaskInstances",
                               DefaultMaxInstances, Out.Notifications);
  P.load(TUFacts);
  P.build();
  Out.Notifications.insert(Out.Notifications.end(), P.Notifications.begin(),
                           P.Notifications.end());
  auto Enabled = [&](const char *Id) {
    return std::find(EnabledRules.begin(), EnabledRules.end(), Id) !=
           EnabledRules.end();
  };
  if (Enabled(CycleRule))
    reportCycles(P, Options, Out);
  if (Enabled(UnboundedRule))
    reportUnbounded(P, Out);
  sortAndUnique(Out.Findings);
  return Out;
}

bool writeProgramGraph(const std::vector<nlohmann::json> &TUFacts,
                       const std::string &Path, const std::string &SourceRoot,
                       std::string &Err) {
  Program P;
  P.load(TUFacts);
  P.build();
  std::vector<Cycle> Cycles = P.blockingCycles(DefaultMaxCycles);
  std::string Dot = toDot(P, Cycles, SourceRoot);
  std::string Ext = std::filesystem::path(Path).extension().string();
  std::string Content;
  if (Ext == ".dot" || Ext == ".gv") {
    Content = Dot;
  } else if (Ext == ".svg" || Ext == ".html") {
    std::string Svg;
    if (!runDot(Dot, Svg, Err))
      return false;
    Content = Ext == ".svg" ? Svg : toHtml(P, Cycles, Svg, SourceRoot);
  } else {
    Err = "unknown graph format '" + Ext + "' (use .dot, .svg or .html)";
    return false;
  }
  std::ofstream F(Path, std::ios::binary);
  F << Content;
  F.close();
  if (!F) {
    Err = "cannot write '" + Path + "'";
    return false;
  }
  return true;
}

} // namespace corosafe
