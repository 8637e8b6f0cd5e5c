//===- TaskGraph.cpp - join the facts, task instances, Johnson's cycles ---===//
//
// See TaskGraph.h. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "TaskGraph.h"
#include "corosafe/RuleOptions.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <tuple>
#include <unordered_set>

namespace corosafe {
namespace program {

namespace {

constexpr unsigned MaxCallDepth = 16;
constexpr uint32_t None = ~0u;

std::string baseName(const std::string &Path) {
  size_t P = Path.find_last_of('/');
  return P == std::string::npos ? Path : Path.substr(P + 1);
}

ChannelRef::Kind refKind(ChannelKind K) {
  switch (K) {
  case ChannelKind::Field:
    return ChannelRef::Kind::Field;
  case ChannelKind::Local:
    return ChannelRef::Kind::Local;
  case ChannelKind::Global:
    break;
  }
  return ChannelRef::Kind::Global;
}

template <class T> int cmpValue(const T &A, const T &B) {
  return A < B ? -1 : B < A ? 1 : 0;
}

int cmpStr(std::string_view A, std::string_view B) {
  int C = A.compare(B);
  return C < 0 ? -1 : C > 0;
}

/// Functions by USR in compressed rows: Begin[Sym] .. Begin[Sym + 1] of
/// Sorted are the records of key Sym.
template <class KeyFn>
void group(size_t NumSyms, size_t N, KeyFn Key, std::vector<uint32_t> &Begin,
           std::vector<uint32_t> &Sorted) {
  Begin.assign(NumSyms + 1, 0);
  for (uint32_t I = 0; I < N; ++I)
    ++Begin[Key(I) + 1];
  for (size_t I = 1; I <= NumSyms; ++I)
    Begin[I] += Begin[I - 1];
  std::vector<uint32_t> Next(Begin.begin(), Begin.end() - 1);
  Sorted.assign(N, 0);
  for (uint32_t I = 0; I < N; ++I)
    Sorted[Next[Key(I)]++] = I;
}

/// Sort keys that follow byte order: the 16 bytes of each string after the
/// prefix they all share, big-endian and padded with zeros. Two strings
/// whose keys differ compare as their keys do; equal keys say nothing. So
/// most comparisons of USRs and qualified names, which share long prefixes,
/// are two integer compares on a contiguous array.
struct StrKey {
  uint64_t Hi = 0, Lo = 0;
  int cmp(const StrKey &O) const {
    if (Hi != O.Hi)
      return Hi < O.Hi ? -1 : 1;
    if (Lo != O.Lo)
      return Lo < O.Lo ? -1 : 1;
    return 0;
  }
};

std::vector<StrKey> strKeys(const std::vector<std::string_view> &V) {
  size_t Common = V.empty() ? 0 : V.front().size();
  for (std::string_view X : V) {
    size_t N = std::min(Common, X.size()), I = 0;
    while (I < N && X[I] == V.front()[I])
      ++I;
    Common = I;
  }
  std::vector<StrKey> Keys(V.size());
  for (size_t I = 0; I < V.size(); ++I) {
    std::string_view X = V[I];
    for (size_t K = 0; K < 16; ++K) {
      uint64_t B = Common + K < X.size() ? uint8_t(X[Common + K]) : 0;
      (K < 8 ? Keys[I].Hi : Keys[I].Lo) =
          (K < 8 ? Keys[I].Hi : Keys[I].Lo) << 8 | B;
    }
  }
  return Keys;
}

/// The key of a task instance or an expansion: function and bindings.
std::string instanceKey(Sym Fn, const Bindings &Ctx) {
  std::string K(sizeof(Sym) + Ctx.size() * 12, '\0');
  char *P = K.data();
  std::memcpy(P, &Fn, sizeof(Sym));
  P += sizeof(Sym);
  for (const auto &[Param, Chan] : Ctx) {
    std::memcpy(P, &Param, 8);
    std::memcpy(P + 8, &Chan, 4);
    P += 12;
  }
  return K;
}

void bind(Bindings &Ctx, ParamKey K, uint32_t Chan) {
  auto It = std::lower_bound(
      Ctx.begin(), Ctx.end(), K,
      [](const std::pair<ParamKey, uint32_t> &E, ParamKey K) {
        return E.first < K;
      });
  if (It != Ctx.end() && It->first == K)
    It->second = Chan;
  else
    Ctx.insert(It, {K, Chan});
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

const FnRec *TaskGraph::fn(Sym Usr) const {
  if (Usr >= FnOf.size() || FnOf[Usr] == None)
    return nullptr;
  return &S.Fns[FnOf[Usr]];
}

std::string TaskGraph::fnName(Sym Usr) const {
  const FnRec *F = fn(Usr);
  return F ? str(F->Name) : "<unknown>";
}

std::string TaskGraph::fnQual(Sym Usr) const {
  const FnRec *F = fn(Usr);
  return F ? str(F->Qual) : "";
}

bool locLess(const Store &S, const LocRec &A, const LocRec &B) {
  if (A.File != B.File)
    return S.str(A.File) < S.str(B.File);
  return std::tie(A.Line, A.Column, A.EndLine, A.EndColumn) <
         std::tie(B.Line, B.Column, B.EndLine, B.EndColumn);
}

namespace {

/// A region in the facts order (compareFacts): column, endColumn, endLine,
/// file, line.
int cmpFactsLoc(const Store &S, const LocRec &A, const LocRec &B) {
  if (int C = cmpValue(A.Column, B.Column))
    return C;
  if (int C = cmpValue(A.EndColumn, B.EndColumn))
    return C;
  if (int C = cmpValue(A.EndLine, B.EndLine))
    return C;
  if (A.File != B.File)
    return cmpStr(S.str(A.File), S.str(B.File));
  return cmpValue(A.Line, B.Line);
}

/// A channel reference in the facts order (compareFacts).
int cmpFactsRef(const Store &S, const RefRec &A, const RefRec &B) {
  bool AP = A.K == ChannelRef::Kind::Param, BP = B.K == ChannelRef::Kind::Param;
  if (AP != BP)
    return AP ? -1 : 1;
  if (AP) {
    if (int C = cmpStr(S.str(A.Function), S.str(B.Function)))
      return C;
    if (int C = cmpValue(A.Index, B.Index))
      return C;
    return cmpStr(S.str(A.Name), S.str(B.Name));
  }
  if (int C = cmpStr(kindName(A.K), kindName(B.K)))
    return C;
  if (A.K == ChannelRef::Kind::Unknown)
    return 0;
  if (int C = cmpStr(S.str(A.Name), S.str(B.Name)))
    return C;
  return cmpStr(S.str(A.Usr), S.str(B.Usr));
}

/// An edge in the facts order (compareFacts): args, callee, calleeName,
/// caller, kind, loc. It decides which spawn site creates an instance.
bool edgeLess(const Store &S, const EdgeRec &A, const EdgeRec &B) {
  uint32_t N = std::min(A.ArgCount, B.ArgCount);
  for (uint32_t I = 0; I < N; ++I) {
    const ArgRec &X = S.Args[A.ArgBegin + I], &Y = S.Args[B.ArgBegin + I];
    if (int C = cmpValue(X.Param, Y.Param))
      return C < 0;
    if (int C = cmpFactsRef(S, X.Ref, Y.Ref))
      return C < 0;
  }
  if (A.ArgCount != B.ArgCount)
    return A.ArgCount < B.ArgCount;
  if (int C = cmpStr(S.str(A.Callee), S.str(B.Callee)))
    return C < 0;
  if (int C = cmpStr(S.str(A.CalleeName), S.str(B.CalleeName)))
    return C < 0;
  if (int C = cmpStr(S.str(A.Caller), S.str(B.Caller)))
    return C < 0;
  if (int C = cmpStr(kindName(A.Kind), kindName(B.Kind)))
    return C < 0;
  return cmpFactsLoc(S, A.Loc, B.Loc) < 0;
}

/// Operations of one function in an order of their content alone (source
/// order first), so that nothing depends on the order the TUs came in.
bool opLess(const Store &S, const OpRec &A, const OpRec &B) {
  if (!(A.Loc == B.Loc))
    return locLess(S, A.Loc, B.Loc);
  auto Flags = [](const OpRec &O) {
    return unsigned(O.Direction) << 4 | O.Blocking << 3 | O.Loop << 2 |
           O.Bounded << 1 | O.HasSelect;
  };
  if (Flags(A) != Flags(B))
    return Flags(A) < Flags(B);
  for (auto M : {&OpRec::Method, &OpRec::TypeName, &OpRec::Origin,
                 &OpRec::SelectId, &OpRec::SelectOthers})
    if (A.*M != B.*M)
      return S.str(A.*M) < S.str(B.*M);
  return cmpFactsRef(S, A.Channel, B.Channel) < 0;
}

} // namespace

uint32_t TaskGraph::chanFor(ChannelRef::Kind K, Sym Usr) {
  auto [It, New] =
      ChanIndex.try_emplace((uint64_t(K) << 32) | Usr, Chans.size());
  if (New) {
    ChanNode C;
    C.Kind = K;
    C.Usr = Usr;
    Chans.push_back(std::move(C));
  }
  return It->second;
}

void TaskGraph::load() {
  size_t NS = S.Pool.size();
  // Each function's fact: the first of an inline function's copies in the
  // facts order.
  FnOf.assign(NS, None);
  for (uint32_t I = 0; I < S.Fns.size(); ++I) {
    const FnRec &F = S.Fns[I];
    if (F.Usr == 0)
      continue;
    uint32_t &Cur = FnOf[F.Usr];
    if (Cur == None ||
        compareFacts(S.function(F), S.function(S.Fns[Cur])) < 0)
      Cur = I;
  }
  group(NS, S.Ops.size(), [&](uint32_t I) { return S.Ops[I].Function; },
        OpsBegin, OpsSorted);
  for (size_t K = 0; K < NS; ++K)
    std::sort(OpsSorted.begin() + OpsBegin[K],
              OpsSorted.begin() + OpsBegin[K + 1],
              [&](uint32_t A, uint32_t B) {
                return opLess(S, S.Ops[A], S.Ops[B]);
              });
  group(NS, S.Edges.size(), [&](uint32_t I) { return S.Edges[I].Caller; },
        EdgesBegin, EdgesSorted);
  for (size_t K = 0; K < NS; ++K)
    std::sort(EdgesSorted.begin() + EdgesBegin[K],
              EdgesSorted.begin() + EdgesBegin[K + 1],
              [&](uint32_t A, uint32_t B) {
                return edgeLess(S, S.Edges[A], S.Edges[B]);
              });
  // Channels: the same channel declared in several TUs (a field in a
  // header, an extern global) is one node; its first declaration in the
  // facts order names it, and the capacities of all are joined.
  std::vector<uint32_t> DeclOf; // node -> its naming ChanRec
  struct CapOf {
    uint32_t Chan;
    CapacityFact::Kind K;
    uint64_t Value;
    Sym Reason;
  };
  std::vector<CapOf> CapList;
  for (uint32_t I = 0; I < S.Chans.size(); ++I) {
    const ChanRec &X = S.Chans[I];
    uint32_t Id = chanFor(refKind(X.Kind), X.Usr);
    if (DeclOf.size() <= Id)
      DeclOf.resize(Id + 1, None);
    if (DeclOf[Id] == None ||
        compareFacts(S.channel(X), S.channel(S.Chans[DeclOf[Id]])) < 0)
      DeclOf[Id] = I;
    for (uint32_t K = 0; K < X.CapCount; ++K) {
      const CapRec &C = S.Caps[X.CapBegin + K];
      if (C.K != CapacityFact::Kind::Unbounded)
        CapList.push_back({Id, C.K, C.Value, C.Reason});
    }
  }
  for (uint32_t Id = 0; Id < DeclOf.size(); ++Id) {
    if (DeclOf[Id] == None)
      continue;
    const ChanRec &X = S.Chans[DeclOf[Id]];
    ChanNode &C = Chans[Id];
    C.Name = S.str(X.Name);
    C.TypeName = S.str(X.TypeName);
    C.Origin = S.str(X.Origin);
    C.Bounded = X.Bounded;
    C.Loc = X.Loc;
    C.Declared = true;
  }
  std::sort(CapList.begin(), CapList.end(),
            [&](const CapOf &A, const CapOf &B) {
              if (A.Chan != B.Chan)
                return A.Chan < B.Chan;
              if (A.K != B.K)
                return A.K == CapacityFact::Kind::Constant;
              if (A.K == CapacityFact::Kind::Constant)
                return A.Value < B.Value;
              return S.str(A.Reason) < S.str(B.Reason);
            });
  std::vector<bool> Settled(Chans.size());
  for (size_t B = 0, E; B < CapList.size(); B = E) {
    uint32_t Id = CapList[B].Chan;
    std::vector<uint64_t> Values; // ascending, distinct
    std::optional<std::string_view> Reason; // the first in byte order
    for (E = B; E < CapList.size() && CapList[E].Chan == Id; ++E) {
      const CapOf &C = CapList[E];
      if (C.K == CapacityFact::Kind::Constant) {
        if (Values.empty() || Values.back() != C.Value)
          Values.push_back(C.Value);
      } else if (!Reason) {
        Reason = S.str(C.Reason);
      }
    }
    ChanNode &C = Chans[Id];
    if (!C.Bounded)
      continue;
    Settled[Id] = true;
    if (Values.size() == 1 && !Reason) {
      C.Capacity = Values.front();
    } else if (Values.size() > 1) {
      std::string L;
      for (uint64_t V : Values)
        L += (L.empty() ? "" : ", ") + std::to_string(V);
      C.Unknown = "initializers differ (" + L + ")";
    } else {
      C.Unknown = std::string(*Reason);
    }
  }
  for (uint32_t Id = 0; Id < Chans.size(); ++Id)
    if (Chans[Id].Declared && Chans[Id].Bounded && !Settled[Id])
      Chans[Id].Unknown = "no initializer seen";
}

std::optional<uint32_t> TaskGraph::resolve(const RefRec &Ref,
                                           const Bindings &Ctx) {
  switch (Ref.K) {
  case ChannelRef::Kind::Field:
  case ChannelRef::Kind::Global:
  case ChannelRef::Kind::Local:
    return chanFor(Ref.K, Ref.Usr);
  case ChannelRef::Kind::Param: {
    ParamKey K = paramKey(Ref.Function, Ref.Index);
    auto It = std::lower_bound(
        Ctx.begin(), Ctx.end(), K,
        [](const std::pair<ParamKey, uint32_t> &E, ParamKey K) {
          return E.first < K;
        });
    if (It != Ctx.end() && It->first == K)
      return It->second;
    return std::nullopt;
  }
  case ChannelRef::Kind::Unknown:
    break;
  }
  return std::nullopt;
}

void TaskGraph::addInstance(Sym Fn, Bindings Ctx,
                            std::optional<LocRec> SpawnedAt,
                            std::vector<unsigned> &Work, bool Operand) {
  if (Tasks.size() >= MaxInstances)
    return;
  if (!InstanceIndex.try_emplace(instanceKey(Fn, Ctx), Tasks.size()).second)
    return;
  Task T;
  T.Fn = Fn;
  T.Ctx = std::move(Ctx);
  T.SpawnedAt = SpawnedAt;
  T.Operand = Operand;
  Tasks.push_back(std::move(T));
  Work.push_back(Tasks.size() - 1);
}

void TaskGraph::expand(unsigned TaskIdx, Sym Fn, const Bindings &Ctx,
                       unsigned Depth, std::unordered_set<std::string> &Seen,
                       std::vector<unsigned> &Work) {
  if (Depth > MaxCallDepth || !Seen.insert(instanceKey(Fn, Ctx)).second)
    return;
  for (uint32_t I = OpsBegin[Fn]; I < OpsBegin[Fn + 1]; ++I) {
    const OpRec &O = S.Ops[OpsSorted[I]];
    if (std::optional<uint32_t> K = resolve(O.Channel, Ctx))
      Tasks[TaskIdx].Ops.push_back({&O, *K});
  }
  for (uint32_t I = EdgesBegin[Fn]; I < EdgesBegin[Fn + 1]; ++I) {
    const EdgeRec &E = S.Edges[EdgesSorted[I]];
    if (E.Callee == Fn || !ReachesChannel[E.Callee])
      continue;
    const FnRec *Callee = fn(E.Callee);
    bool CalleeIsLambda = Callee && Callee->Lambda;
    bool Spawn = E.Kind == EdgeKind::Spawn;
    bool Operand = E.Kind == EdgeKind::Operand;
    Bindings Child;
    if (!(Spawn || Operand) || CalleeIsLambda)
      Child = Ctx; // same task, or a lambda that sees the spawner's names
    for (uint32_t A = 0; A < E.ArgCount; ++A) {
      const ArgRec &Arg = S.Args[E.ArgBegin + A];
      if (std::optional<uint32_t> K = resolve(Arg.Ref, Ctx))
        bind(Child, paramKey(E.Callee, Arg.Param), *K);
    }
    if (Spawn || Operand)
      addInstance(E.Callee, std::move(Child), E.Loc, Work, Operand);
    else
      expand(TaskIdx, E.Callee, Child, Depth + 1, Seen, Work);
  }
}

void TaskGraph::build() {
  size_t NS = S.Pool.size();
  // Only functions that reach a channel operation (through calls, awaits,
  // operands or spawns) can contribute to the graph: expand those alone, so
  // that code with no channels costs nothing and never hits the limit.
  std::vector<bool> Called(NS);
  std::vector<uint32_t> CallersBegin, CallersSorted;
  group(NS, S.Edges.size(), [&](uint32_t I) { return S.Edges[I].Callee; },
        CallersBegin, CallersSorted);
  for (const EdgeRec &E : S.Edges)
    if (E.Callee != E.Caller)
      Called[E.Callee] = true;
  ReachesChannel.assign(NS, false);
  std::vector<Sym> Q;
  for (Sym Fn = 0; Fn < NS; ++Fn)
    if (OpsBegin[Fn] != OpsBegin[Fn + 1]) {
      ReachesChannel[Fn] = true;
      Q.push_back(Fn);
    }
  while (!Q.empty()) {
    Sym Fn = Q.back();
    Q.pop_back();
    for (uint32_t I = CallersBegin[Fn]; I < CallersBegin[Fn + 1]; ++I) {
      Sym C = S.Edges[CallersSorted[I]].Caller;
      if (!ReachesChannel[C]) {
        ReachesChannel[C] = true;
        Q.push_back(C);
      }
    }
  }
  // Roots, by USR: functions nothing calls, awaits or spawns.
  std::vector<Sym> Roots;
  for (Sym Fn = 0; Fn < NS; ++Fn)
    if (FnOf[Fn] != None && !Called[Fn] && ReachesChannel[Fn])
      Roots.push_back(Fn);
  std::sort(Roots.begin(), Roots.end(),
            [&](Sym A, Sym B) { return S.str(A) < S.str(B); });
  std::vector<unsigned> Work;
  for (Sym Fn : Roots)
    addInstance(Fn, {}, std::nullopt, Work);
  for (size_t I = 0; I < Work.size(); ++I) {
    std::unordered_set<std::string> Seen;
    Bindings Ctx = Tasks[Work[I]].Ctx;
    expand(Work[I], Tasks[Work[I]].Fn, Ctx, 0, Seen, Work);
  }
  InstanceIndex.clear();
  if (Tasks.size() >= MaxInstances)
    Notifications.push_back(
        {"",
         "stopped after " + std::to_string(MaxInstances) +
             " task instances; the channel graph is incomplete",
         Level::Warning, "corosafe-graph-limit"});
  // A channel's key ("field:" + USR) for the orders below.
  auto ChanKeyCmp = [&](uint32_t A, uint32_t B) {
    const ChanNode &X = Chans[A], &Y = Chans[B];
    if (int C = cmpStr(kindName(X.Kind), kindName(Y.Kind)))
      return C;
    return cmpStr(S.str(X.Usr), S.str(Y.Usr));
  };
  // Keep tasks that touch a channel, in a deterministic order.
  size_t NumKept = 0;
  for (Task &T : Tasks) {
    if (T.Ops.empty())
      continue;
    std::stable_sort(T.Ops.begin(), T.Ops.end(),
                     [&](const ResolvedOp &A, const ResolvedOp &B) {
                       if (!(A.Op->Loc == B.Op->Loc))
                         return locLess(S, A.Op->Loc, B.Op->Loc);
                       if (A.Chan != B.Chan)
                         return ChanKeyCmp(A.Chan, B.Chan) < 0;
                       return S.str(A.Op->Method) < S.str(B.Op->Method);
                     });
    markLocks(T);
    if (&T != &Tasks[NumKept])
      Tasks[NumKept] = std::move(T);
    ++NumKept;
  }
  Tasks.resize(NumKept);
  Tasks.shrink_to_fit();
  std::vector<Task> &Kept = Tasks;
  std::vector<unsigned> PerFn(NS);
  for (const Task &T : Kept)
    ++PerFn[T.Fn];
  for (Task &T : Kept) {
    T.Label = fnName(T.Fn);
    if (PerFn[T.Fn] > 1 && T.SpawnedAt)
      T.Label += (T.Operand ? " started at " : " spawned at ") +
                 shortLoc(S.region(*T.SpawnedAt));
  }
  // The bindings as they read: "USR#index" -> channel key.
  auto CtxCmp = [&](const Bindings &A, const Bindings &B) {
    auto Key = [&](ParamKey K) {
      return std::string(S.str(Sym(K >> 32))) + "#" +
             std::to_string(uint32_t(K));
    };
    size_t N = std::min(A.size(), B.size());
    for (size_t I = 0; I < N; ++I) {
      if (A[I].first != B[I].first)
        if (int C = cmpStr(Key(A[I].first), Key(B[I].first)))
          return C;
      if (A[I].second != B[I].second)
        if (int C = ChanKeyCmp(A[I].second, B[I].second))
          return C;
    }
    return cmpValue(A.size(), B.size());
  };
  // Sorted through indices (a Task is large), with the labels' and the
  // functions' sort keys.
  // Labels by rank (few distinct: a function's display name), functions by
  // their sort keys: the comparisons touch small arrays, not the tasks.
  std::vector<uint32_t> LabelRank(Kept.size());
  {
    std::unordered_map<std::string_view, uint32_t> Distinct;
    for (const Task &T : Kept)
      Distinct.emplace(T.Label, 0);
    std::vector<std::string_view> Sorted;
    Sorted.reserve(Distinct.size());
    for (const auto &[L, R] : Distinct)
      Sorted.push_back(L);
    std::sort(Sorted.begin(), Sorted.end());
    for (uint32_t I = 0; I < Sorted.size(); ++I)
      Distinct[Sorted[I]] = I;
    for (size_t I = 0; I < Kept.size(); ++I)
      LabelRank[I] = Distinct[Kept[I].Label];
  }
  std::vector<Sym> FnOfTask;
  std::vector<std::string_view> FnUsrs;
  for (const Task &T : Kept) {
    FnOfTask.push_back(T.Fn);
    FnUsrs.push_back(S.str(T.Fn));
  }
  std::vector<StrKey> FnKey = strKeys(FnUsrs);
  std::vector<uint32_t> Order(Kept.size());
  for (uint32_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::sort(Order.begin(), Order.end(), [&](uint32_t IA, uint32_t IB) {
    if (LabelRank[IA] != LabelRank[IB])
      return LabelRank[IA] < LabelRank[IB];
    if (FnOfTask[IA] != FnOfTask[IB]) {
      if (int C = FnKey[IA].cmp(FnKey[IB]))
        return C < 0;
      return FnUsrs[IA] < FnUsrs[IB];
    }
    const Task &A = Kept[IA], &B = Kept[IB];
    if (A.SpawnedAt.has_value() != B.SpawnedAt.has_value())
      return !A.SpawnedAt;
    if (A.SpawnedAt && !(*A.SpawnedAt == *B.SpawnedAt))
      return locLess(S, *A.SpawnedAt, *B.SpawnedAt);
    return CtxCmp(A.Ctx, B.Ctx) < 0;
  });
  LabelRank = FnOfTask = {};
  FnKey = {};
  FnUsrs = {};
  // Tasks[I] = old Tasks[Order[I]], in place: cycle by cycle.
  for (uint32_t I = 0; I < Order.size(); ++I) {
    if (Order[I] == I || Order[I] == None)
      continue;
    Task Tmp = std::move(Tasks[I]);
    uint32_t J = I;
    while (Order[J] != I) {
      Tasks[J] = std::move(Tasks[Order[J]]);
      uint32_t Next = Order[J];
      Order[J] = None;
      J = Next;
    }
    Tasks[J] = std::move(Tmp);
    Order[J] = None;
  }
  // Channels: declared ones and those known only from operations.
  std::vector<uint32_t> Used;
  for (const Task &T : Tasks)
    for (const ResolvedOp &R : T.Ops) {
      ChanNode &C = Chans[R.Chan];
      if (C.Used)
        continue;
      C.Used = true;
      Used.push_back(R.Chan);
      if (!C.Declared) {
        C.Name = S.str(R.Op->Channel.Name);
        C.TypeName = S.str(R.Op->TypeName);
        C.Bounded = R.Op->Bounded;
        C.Unknown = "declaration not analyzed";
      }
    }
  // By name, then key (through the names' sort keys).
  std::vector<std::string_view> Names;
  for (uint32_t C : Used)
    Names.push_back(Chans[C].Name);
  std::vector<StrKey> NameKey = strKeys(Names);
  std::vector<uint32_t> ByName(Used.size());
  for (uint32_t I = 0; I < ByName.size(); ++I)
    ByName[I] = I;
  std::sort(ByName.begin(), ByName.end(), [&](uint32_t IA, uint32_t IB) {
    if (int C = NameKey[IA].cmp(NameKey[IB]))
      return C < 0;
    uint32_t A = Used[IA], B = Used[IB];
    if (int C = cmpStr(Chans[A].Name, Chans[B].Name))
      return C < 0;
    return ChanKeyCmp(A, B) < 0;
  });
  ChanOrder.clear();
  ChanOrder.reserve(Used.size());
  for (uint32_t I : ByName)
    ChanOrder.push_back(Used[I]);
  std::vector<unsigned> NodeOf(Chans.size());
  for (unsigned I = 0; I < ChanOrder.size(); ++I)
    NodeOf[ChanOrder[I]] = Tasks.size() + I;
  Adj.assign(numNodes(), {});
  for (unsigned T = 0; T < Tasks.size(); ++T)
    for (ResolvedOp &R : Tasks[T].Ops) {
      R.Chan = NodeOf[R.Chan];
      if (R.Lock)
        continue;
      if (R.Op->Direction == ChannelDirection::Send)
        Adj[T].push_back(R.Chan);
      else
        Adj[R.Chan].push_back(T);
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
  std::vector<unsigned> Order(T.Ops.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  auto Key = [&](unsigned I) {
    return std::make_pair(T.Ops[I].Op->Function, T.Ops[I].Chan);
  };
  std::stable_sort(Order.begin(), Order.end(),
                   [&](unsigned A, unsigned B) { return Key(A) < Key(B); });
  for (size_t I = 0; I + 1 < Order.size(); ++I) {
    if (Key(Order[I]) != Key(Order[I + 1]))
      continue;
    ResolvedOp &Send = T.Ops[Order[I]], &Next = T.Ops[Order[I + 1]];
    if (Send.Op->Direction == ChannelDirection::Send && Send.Op->Blocking &&
        !Send.Op->HasSelect &&
        Next.Op->Direction == ChannelDirection::Receive &&
        !Next.Op->HasSelect) {
      Send.Lock = Next.Lock = true;
      ++I;
    }
  }
}

/// The strongly connected components of \p Adj (Tarjan's algorithm, without
/// recursion: a pipeline may be thousands of nodes deep): the component of
/// each node.
std::vector<unsigned>
components(const std::vector<std::vector<unsigned>> &Adj) {
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
  // The select an operation is raced in (0: none, or one without an id).
  auto SelectOf = [](const OpRec *O) { return O->HasSelect ? O->SelectId : 0; };
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
      unsigned Out = C, In = Prev;
      const Task &Tk = Tasks[T];
      const OpRec *Send = nullptr;
      for (const ResolvedOp &R : Tk.Ops) {
        if (R.Op->Direction != ChannelDirection::Send || R.Chan != Out ||
            !R.Op->Blocking || R.Lock)
          continue;
        bool Drains = false;
        if (SelectOf(R.Op) != 0)
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
      const OpRec *Recv = nullptr;
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
      const OpRec *NextSend = Hops[(I + 1) % Hops.size()].Send;
      if (!H.Send->Loop && H.Receive->Function == NextSend->Function &&
          locLess(S, H.Receive->Loc, NextSend->Loc))
        return true;
    }
    // Primary: the first send by location.
    size_t First = 0;
    for (size_t I = 1; I < Hops.size(); ++I)
      if (locLess(S, Hops[I].Send->Loc, Hops[First].Send->Loc))
        First = I;
    std::rotate(Hops.begin(), Hops.begin() + First, Hops.end());
    Out.push_back({std::move(Hops)});
    return Out.size() < MaxCycles;
  });
  return Out;
}

} // namespace program
} // namespace corosafe
