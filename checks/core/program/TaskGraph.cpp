//===- TaskGraph.cpp - join the facts, task instances, Johnson's cycles ---===//
//
// See TaskGraph.h. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"
#include "corosafe/RuleOptions.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_set>

namespace corosafe {
namespace program {

namespace {

constexpr unsigned MaxCallDepth = 16;

std::string baseName(const std::string &Path) {
  size_t P = Path.find_last_of('/');
  return P == std::string::npos ? Path : Path.substr(P + 1);
}

/// The channel a reference names by itself (not a parameter).
std::optional<std::string> staticKey(const ChannelRef &Ref) {
  if (Ref.K == ChannelRef::Kind::Global || Ref.K == ChannelRef::Kind::Local ||
      Ref.K == ChannelRef::Kind::Field)
    return kindName(Ref.K) + (":" + Ref.Usr);
  return std::nullopt;
}

std::optional<std::string> resolve(const ChannelRef &Ref, const Bindings &Ctx) {
  if (std::optional<std::string> K = staticKey(Ref))
    return K;
  if (Ref.K == ChannelRef::Kind::Param) {
    auto It = Ctx.find(Ref.Function + "#" + std::to_string(Ref.Index));
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

/// A hash of the fields that tell facts of one kind apart, consistent with
/// compareFacts (facts it finds equal hash alike; the rest is settled by
/// compareFacts).
size_t mixHash(size_t H, size_t V) {
  return H ^ (V + 0x9e3779b97f4a7c15ull + (H << 6) + (H >> 2));
}
size_t strHash(const std::string &S) { return std::hash<std::string>()(S); }
size_t regionHash(const Region &R) {
  return mixHash(mixHash(strHash(R.File), R.Line), R.Column);
}
size_t factHash(const FunctionFact &F) {
  return mixHash(strHash(F.Usr), regionHash(F.Loc));
}
size_t factHash(const ChannelFact &C) {
  return mixHash(strHash(C.Usr), regionHash(C.Loc));
}
size_t factHash(const OperationFact &O) {
  return mixHash(strHash(O.Function), regionHash(O.Loc));
}
size_t factHash(const EdgeFact &E) {
  return mixHash(mixHash(strHash(E.Caller), strHash(E.Callee)),
                 regionHash(E.Loc));
}

/// The elements of every TU's array, in the facts order, without
/// duplicates (a header's facts seen from several TUs: its channels are in
/// every TU that includes it). Duplicates are dropped by hash first, so that
/// only distinct facts are sorted.
template <class T>
std::vector<const T *> joined(const std::vector<TUFacts> &TUs,
                              const std::vector<T> TUFacts::*Member) {
  struct Hash {
    size_t operator()(const T *X) const { return factHash(*X); }
  };
  struct Same {
    bool operator()(const T *A, const T *B) const {
      return compareFacts(*A, *B) == 0;
    }
  };
  size_t N = 0;
  for (const TUFacts &F : TUs)
    N += (F.*Member).size();
  std::unordered_set<const T *, Hash, Same> Distinct(N);
  std::vector<const T *> Out;
  Out.reserve(N);
  for (const TUFacts &F : TUs)
    for (const T &X : F.*Member)
      if (Distinct.insert(&X).second)
        Out.push_back(&X);
  std::sort(Out.begin(), Out.end(), [](const T *A, const T *B) {
    return compareFacts(*A, *B) < 0;
  });
  return Out;
}

} // namespace

std::string shortLoc(const SourceRegion &R) {
  return baseName(R.File) + ":" + std::to_string(R.Line);
}

std::string capacityText(const ChanNode &C) {
  if (!C.Bounded)
    return "unbounded";
  if (C.Capacity)
    return *C.Capacity == 0 ? "capacity 0, a rendezvous"
                            : "capacity " + std::to_string(*C.Capacity);
  return "capacity unknown: " + C.Unknown;
}

unsigned countOption(const OptionMap &Options, const char *Key,
                     unsigned Default, std::vector<ToolNotification> *Notes) {
  // The same parsing and the same report as every other rule option.
  RuleOptions RO(CycleRule, [&Options](std::string_view K)
                                -> std::optional<std::string> {
    auto It = Options.find(std::string(CycleRule) + "." + std::string(K));
    if (It == Options.end())
      return std::nullopt;
    return It->second;
  });
  unsigned N = RO.count(Key, Default, /*Min=*/1);
  if (Notes)
    for (const ToolNotification &P : RO.problems())
      Notes->push_back(P);
  return N;
}

const FunctionFact *TaskGraph::fn(const std::string &Usr) const {
  auto It = Fns.find(Usr);
  return It == Fns.end() ? nullptr : It->second;
}

std::string TaskGraph::fnName(const std::string &Usr) const {
  const FunctionFact *F = fn(Usr);
  return F ? F->Name : "<unknown>";
}

std::string TaskGraph::fnQual(const std::string &Usr) const {
  const FunctionFact *F = fn(Usr);
  return F ? F->QualifiedName : "";
}

void TaskGraph::load(const std::vector<TUFacts> &TUs) {
  for (const FunctionFact *F : joined(TUs, &TUFacts::Functions))
    if (!F->Usr.empty())
      Fns.emplace(F->Usr, F); // the first of an inline function's copies
  for (const OperationFact *O : joined(TUs, &TUFacts::Operations))
    OpsByFn[O->Function].push_back(O);
  for (const EdgeFact *E : joined(TUs, &TUFacts::Edges))
    EdgesByFn[E->Caller].push_back(E);
  // Channels: the same channel declared in several TUs (a field in a
  // header, an extern global) is merged; capacities are joined.
  std::map<std::string, std::pair<std::set<uint64_t>, std::set<std::string>>>
      Caps; // constants and reasons
  for (const ChannelFact *X : joined(TUs, &TUFacts::Channels)) {
    std::string Key = kindName(X->Kind) + (":" + X->Usr);
    ChanNode &C = Chans[Key];
    if (!C.Declared) {
      C.Key = Key;
      C.Name = X->Name;
      C.Kind = kindName(X->Kind);
      C.TypeName = X->Type.Name;
      C.Origin = X->Type.Origin;
      C.Bounded = X->Type.Bounded;
      C.Loc = X->Loc;
      C.Declared = true;
    }
    auto &[Values, Reasons] = Caps[Key];
    for (const CapacityFact &Cap : X->Capacities) {
      if (Cap.K == CapacityFact::Kind::Constant)
        Values.insert(Cap.Value);
      else if (Cap.K == CapacityFact::Kind::Unknown)
        Reasons.insert(Cap.Reason);
    }
  }
  for (auto &[Key, C] : Chans) {
    const auto &[Values, Reasons] = Caps[Key];
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

void TaskGraph::addInstance(const std::string &Fn, Bindings Ctx,
                            std::optional<SourceRegion> SpawnedAt,
                            std::vector<unsigned> &Work,
                            std::optional<unsigned> OperandOf) {
  std::string Key = Fn + "|" + ctxString(Ctx);
  if (InstanceIndex.count(Key) || Tasks.size() >= MaxInstances)
    return;
  InstanceIndex[Key] = Tasks.size();
  Task T;
  T.Fn = Fn;
  T.Ctx = std::move(Ctx);
  T.SpawnedAt = SpawnedAt;
  T.Operand = OperandOf.has_value();
  T.Parent = OperandOf;
  Tasks.push_back(std::move(T));
  Work.push_back(Tasks.size() - 1);
}

void TaskGraph::expand(unsigned TaskIdx, const std::string &Fn,
                       const Bindings &Ctx, unsigned Depth,
                       std::set<std::string> &Seen,
                       std::vector<unsigned> &Work) {
  if (Depth > MaxCallDepth || !Seen.insert(Fn + "|" + ctxString(Ctx)).second)
    return;
  auto OpsIt = OpsByFn.find(Fn);
  auto EdgesIt = EdgesByFn.find(Fn);
  if (OpsIt != OpsByFn.end())
    for (const OperationFact *O : OpsIt->second)
      if (std::optional<std::string> K = resolve(O->Channel, Ctx))
        Tasks[TaskIdx].Ops.push_back({O, *K});
  if (EdgesIt == EdgesByFn.end())
    return;
  for (const EdgeFact *E : EdgesIt->second) {
    if (E->Callee == Fn || !ReachesChannel.count(E->Callee))
      continue;
    const FunctionFact *Callee = fn(E->Callee);
    bool CalleeIsLambda = Callee && Callee->Lambda;
    bool Spawn = E->Kind == EdgeKind::Spawn;
    bool Operand = E->Kind == EdgeKind::Operand;
    Bindings Child;
    if (!(Spawn || Operand) || CalleeIsLambda)
      Child = Ctx; // same task, or a lambda that sees the spawner's names
    for (const EdgeArgFact &A : E->Args)
      if (std::optional<std::string> K = resolve(A.Ref, Ctx))
        Child[E->Callee + "#" + std::to_string(A.Param)] = *K;
    if (Spawn)
      addInstance(E->Callee, std::move(Child), E->Loc, Work);
    else if (Operand)
      addInstance(E->Callee, std::move(Child), E->Loc, Work, TaskIdx);
    else
      expand(TaskIdx, E->Callee, Child, Depth + 1, Seen, Work);
  }
}

void TaskGraph::build() {
  std::set<std::string> Called;
  for (const auto &[Caller, Edges] : EdgesByFn)
    for (const EdgeFact *E : Edges)
      if (E->Callee != Caller)
        Called.insert(E->Callee);
  // Only functions that reach a channel operation (through calls, awaits,
  // operands or spawns) can contribute to the graph: expand those alone, so
  // that code with no channels costs nothing and never hits the limit.
  std::map<std::string, std::vector<std::string>> CallersOf;
  for (const auto &[Caller, Edges] : EdgesByFn)
    for (const EdgeFact *E : Edges)
      CallersOf[E->Callee].push_back(Caller);
  std::vector<std::string> Q;
  for (const auto &[Fn, Ops] : OpsByFn)
    if (ReachesChannel.insert(Fn).second)
      Q.push_back(Fn);
  while (!Q.empty()) {
    std::string Fn = std::move(Q.back());
    Q.pop_back();
    for (const std::string &C : CallersOf[Fn])
      if (ReachesChannel.insert(C).second)
        Q.push_back(C);
  }
  std::vector<unsigned> Work;
  for (const auto &[Usr, F] : Fns)
    if (!Called.count(Usr) && ReachesChannel.count(Usr))
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
    markLocks(T);
    Kept.push_back(std::move(T));
  }
  std::map<std::string, unsigned> PerFn;
  for (const Task &T : Kept)
    ++PerFn[T.Fn];
  for (Task &T : Kept) {
    T.Label = fnName(T.Fn);
    if (PerFn[T.Fn] > 1 && T.SpawnedAt)
      T.Label += (T.Operand ? " started at " : " spawned at ") +
                 shortLoc(*T.SpawnedAt);
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
        C.Name = R.Op->Channel.Name;
        C.TypeName = R.Op->Type.Name;
        C.Bounded = R.Op->Type.Bounded;
        C.Unknown = "declaration not analyzed";
      }
    }
  // By name, then key: look each channel up once, not at every comparison.
  std::vector<std::pair<const std::string *, const std::string *>> ByName;
  ByName.reserve(Used.size());
  for (const std::string &K : Used)
    ByName.push_back({&Chans.at(K).Name, &K});
  std::sort(ByName.begin(), ByName.end(), [](const auto &A, const auto &B) {
    return std::tie(*A.first, *A.second) < std::tie(*B.first, *B.second);
  });
  ChanKeys.clear();
  ChanKeys.reserve(ByName.size());
  for (const auto &[Name, Key] : ByName)
    ChanKeys.push_back(*Key);
  std::map<std::string, unsigned> ChanIdx;
  for (unsigned I = 0; I < ChanKeys.size(); ++I)
    ChanIdx[ChanKeys[I]] = Tasks.size() + I;
  Adj.assign(numNodes(), {});
  for (unsigned T = 0; T < Tasks.size(); ++T)
    for (const ResolvedOp &R : Tasks[T].Ops) {
      if (R.Lock)
        continue;
      unsigned C = ChanIdx[R.Chan];
      if (R.Op->Direction == ChannelDirection::Send)
        Adj[T].push_back(C);
      else
        Adj[C].push_back(T);
    }
  for (auto &A : Adj) {
    std::sort(A.begin(), A.end());
    A.erase(std::unique(A.begin(), A.end()), A.end());
  }
}

/// The lock idiom: a blocking send that acquires (fills the channel's one
/// slot) followed, in the same function and before any other operation on
/// that channel, by a receive or try-receive that releases. Whoever else
/// sends waits for the release, which needs no other task: no wait-for edge.
void TaskGraph::markLocks(Task &T) const {
  // Ops are sorted by location: within one function, source order.
  std::map<std::pair<std::string, std::string>, std::vector<ResolvedOp *>>
      ByFnChan;
  for (ResolvedOp &R : T.Ops)
    ByFnChan[{R.Op->Function, R.Chan}].push_back(&R);
  for (auto &[Key, Seq] : ByFnChan)
    for (size_t I = 0; I + 1 < Seq.size(); ++I) {
      ResolvedOp *Send = Seq[I], *Next = Seq[I + 1];
      if (Send->Op->Direction == ChannelDirection::Send &&
          Send->Op->Blocking && !Send->Op->Select &&
          Next->Op->Direction == ChannelDirection::Receive &&
          !Next->Op->Select) {
        Send->Lock = Next->Lock = true;
        ++I;
      }
    }
}

/// The strongly connected components of \p Adj (Tarjan's algorithm, without
/// recursion: a pipeline may be thousands of nodes deep): the component of
/// each node.
static std::vector<unsigned>
components(const std::vector<std::vector<unsigned>> &Adj) {
  constexpr unsigned None = ~0u;
  unsigned N = Adj.size(), Next = 0, Comps = 0;
  std::vector<unsigned> Index(N, None), Low(N), Comp(N, None), Stack;
  std::vector<bool> OnStack(N);
  std::vector<std::pair<unsigned, size_t>> Dfs; // node, next edge
  for (unsigned Root = 0; Root < N; ++Root) {
    if (Index[Root] != None)
      continue;
    Dfs.push_back({Root, 0});
    while (!Dfs.empty()) {
      auto &[V, E] = Dfs.back();
      if (E == 0 && Index[V] == None) {
        Index[V] = Low[V] = Next++;
        Stack.push_back(V);
        OnStack[V] = true;
      }
      if (E < Adj[V].size()) {
        unsigned W = Adj[V][E++];
        if (Index[W] == None)
          Dfs.push_back({W, 0});
        else if (OnStack[W])
          Low[V] = std::min(Low[V], Index[W]);
        continue;
      }
      unsigned Done = V;
      Dfs.pop_back();
      if (!Dfs.empty())
        Low[Dfs.back().first] = std::min(Low[Dfs.back().first], Low[Done]);
      if (Low[Done] == Index[Done]) {
        unsigned W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          Comp[W] = Comps;
        } while (W != Done);
        ++Comps;
      }
    }
  }
  return Comp;
}

/// Johnson's algorithm: every elementary cycle once, from its smallest node.
/// \p Found returns false to stop. The search stays inside the strongly
/// connected component of its start (no cycle leaves one), and starts only
/// where a component has a cycle at all: on a graph that is mostly a DAG
/// (pipelines), each start would otherwise walk everything downstream of it,
/// quadratic in the length of the pipeline.
void TaskGraph::enumerate(
    unsigned MaxEnumerated,
    const std::function<bool(const std::vector<unsigned> &)> &Found) {
  unsigned N = numNodes();
  std::vector<unsigned> Comp = components(Adj);
  std::vector<unsigned> CompSize;
  for (unsigned C : Comp) {
    if (C >= CompSize.size())
      CompSize.resize(C + 1);
    ++CompSize[C];
  }
  std::vector<bool> Blocked(N);
  std::vector<std::vector<unsigned>> B(N);
  std::vector<unsigned> Stack;
  // The nodes blocked or with a non-empty B since the last start: only they
  // are reset for the next one (resetting all N per start is quadratic).
  std::vector<unsigned> Touched;
  unsigned Count = 0;
  bool Stop = false;
  std::function<void(unsigned)> Unblock = [&](unsigned U) {
    Blocked[U] = false;
    std::vector<unsigned> Ws;
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
    Touched.push_back(V);
    for (unsigned W : Adj[V]) {
      if (Stop || W < S || Comp[W] != Comp[S])
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
        if (W >= S && Comp[W] == Comp[S] &&
            std::find(B[W].begin(), B[W].end(), V) == B[W].end()) {
          B[W].push_back(V);
          Touched.push_back(W);
        }
    Stack.pop_back();
    return F;
  };
  for (unsigned S = 0; S < N && !Stop; ++S) {
    // A node alone in its component is on no cycle (the graph is bipartite:
    // no node has an edge to itself).
    if (CompSize[Comp[S]] < 2)
      continue;
    for (unsigned T : Touched) {
      Blocked[T] = false;
      B[T].clear();
    }
    Touched.clear();
    Circuit(S, S);
  }
}

std::vector<Cycle> TaskGraph::blockingCycles(unsigned MaxCycles) {
  std::vector<Cycle> Out;
  unsigned MaxEnumerated = std::max(10000u, MaxCycles * 100);
  auto SelectOf = [](const OperationFact *O) -> const std::string & {
    static const std::string None;
    return O->Select ? O->Select->Id : None;
  };
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
      const OperationFact *Send = nullptr;
      for (const ResolvedOp &R : Tk.Ops) {
        if (R.Op->Direction != ChannelDirection::Send || R.Chan != Out ||
            !R.Op->Blocking || R.Lock)
          continue;
        bool Drains = false;
        if (!SelectOf(R.Op).empty())
          for (const ResolvedOp &O : Tk.Ops)
            if (O.Op->Direction == ChannelDirection::Receive &&
                SelectOf(O.Op) == SelectOf(R.Op) && O.Chan == In)
              Drains = true;
        if (!Drains) {
          Send = R.Op;
          break; // Ops are sorted by location
        }
      }
      if (!Send)
        return true;
      const OperationFact *Recv = nullptr;
      for (const ResolvedOp &R : Tasks[Next].Ops)
        if (R.Op->Direction == ChannelDirection::Receive && R.Chan == Out &&
            !R.Lock) {
          Recv = R.Op;
          break;
        }
      if (!Recv)
        return true;
      Hops.push_back({Send, Recv, T, C, Next});
    }
    // A one-shot request answered by a task that waits for it: a task whose
    // send on the cycle is in no loop (it sends once), to a task that
    // receives that message before its own send on the cycle. The answer
    // needs the request: both cannot be blocked in their sends at once.
    for (size_t I = 0; I < Hops.size(); ++I) {
      const Hop &H = Hops[I];
      const OperationFact *NextSend = Hops[(I + 1) % Hops.size()].Send;
      if (!H.Send->Loop && H.Receive->Function == NextSend->Function &&
          H.Receive->Loc < NextSend->Loc)
        return true;
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

} // namespace program
} // namespace corosafe
