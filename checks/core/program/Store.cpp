//===- Store.cpp - the facts of every TU, interned ------------------------===//
//
// See Store.h. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "Store.h"

#include <cstring>
#include <functional>

namespace corosafe {
namespace program {

namespace {

constexpr size_t ChunkSize = 1 << 20;

uint64_t mix(uint64_t H, uint64_t V) {
  H ^= V + 0x9e3779b97f4a7c15ull + (H << 6) + (H >> 2);
  return H;
}

uint64_t mixLoc(uint64_t H, const LocRec &L) {
  H = mix(H, L.File);
  H = mix(H, (uint64_t(L.Line) << 32) | L.Column);
  return mix(H, (uint64_t(L.EndLine) << 32) | L.EndColumn);
}

uint64_t mixRef(uint64_t H, const RefRec &R) {
  H = mix(H, (uint64_t(R.K) << 32) | R.Index);
  H = mix(H, R.Usr);
  H = mix(H, (uint64_t(R.Name) << 32) | R.Function);
  return H;
}

/// Separators of the encodings below: bytes that no USR, name or method
/// holds.
constexpr char FieldSep = '\x1f', ItemSep = '\x1e';

/// Appends one item of a list's encoding: its fields, separated.
void encodeItem(std::string &Enc,
                std::initializer_list<std::string_view> Fields) {
  if (!Enc.empty())
    Enc += ItemSep;
  bool First = true;
  for (std::string_view F : Fields) {
    if (!First)
      Enc += FieldSep;
    Enc += F;
    First = false;
  }
}

} // namespace

// --- the pool ---------------------------------------------------------------

StringPool::StringPool() {
  Slots.assign(1024, Slot());
  Strs.push_back({"", 0}); // Sym 0, never in the table: intern("") is 0
}

namespace {
uint32_t strHash(std::string_view S) {
  return static_cast<uint32_t>(std::hash<std::string_view>()(S));
}
} // namespace

Sym StringPool::find(std::string_view S) const {
  if (S.empty())
    return 0;
  uint32_t H = strHash(S);
  size_t Mask = Slots.size() - 1;
  for (size_t I = H & Mask;; I = (I + 1) & Mask) {
    const Slot &X = Slots[I];
    if (!X.Id)
      return ~0u;
    if (X.Hash == H && Strs[X.Id - 1].Len == S.size() &&
        std::memcmp(Strs[X.Id - 1].Ptr, S.data(), S.size()) == 0)
      return X.Id - 1;
  }
}

Sym StringPool::intern(std::string_view S) {
  return intern(S, std::hash<std::string_view>()(S));
}

Sym StringPool::intern(std::string_view S, size_t FullHash) {
  if (S.empty())
    return 0;
  uint32_t H = static_cast<uint32_t>(FullHash);
  size_t Mask = Slots.size() - 1;
  size_t I = H & Mask;
  for (;; I = (I + 1) & Mask) {
    const Slot &X = Slots[I];
    if (!X.Id)
      break;
    if (X.Hash == H && Strs[X.Id - 1].Len == S.size() &&
        std::memcmp(Strs[X.Id - 1].Ptr, S.data(), S.size()) == 0)
      return X.Id - 1;
  }
  const char *P = "";
  if (!S.empty()) {
    if (S.size() > ChunkLeft) {
      size_t N = std::max(ChunkSize, S.size());
      Chunks.push_back(std::make_unique<char[]>(N));
      ChunkNext = Chunks.back().get();
      ChunkLeft = N;
    }
    std::memcpy(ChunkNext, S.data(), S.size());
    P = ChunkNext;
    ChunkNext += S.size();
    ChunkLeft -= S.size();
  }
  Sym Id = Strs.size();
  Strs.push_back({P, static_cast<uint32_t>(S.size())});
  Slots[I] = {H, Id + 1};
  if (Strs.size() * 2 > Slots.size())
    grow();
  return Id;
}

void StringPool::grow() {
  std::vector<Slot> New(Slots.size() * 2);
  size_t Mask = New.size() - 1;
  for (const Slot &X : Slots)
    if (X.Id) {
      size_t I = X.Hash & Mask;
      while (New[I].Id)
        I = (I + 1) & Mask;
      New[I] = X;
    }
  Slots = std::move(New);
}

// --- distinct records ---------------------------------------------------------

/// A set of record indices, by a hash and an equality of their content:
/// open addressing over (32 bits of the hash, index + 1).
class IndexSet {
public:
  /// The index of a record equal to the one \p H and \p Same describe, or
  /// \p Idx after adding it.
  template <class SameFn> uint32_t insert(uint64_t H, uint32_t Idx, SameFn Same) {
    if ((Count + 1) * 2 > Slots.size())
      grow();
    uint32_t H32 = static_cast<uint32_t>(H ^ (H >> 32));
    size_t Mask = Slots.size() - 1;
    for (size_t I = H32 & Mask;; I = (I + 1) & Mask) {
      auto &[SH, SI] = Slots[I];
      if (!SI) {
        SH = H32;
        SI = Idx + 1;
        ++Count;
        return Idx;
      }
      if (SH == H32 && Same(SI - 1))
        return SI - 1;
    }
  }

private:
  std::vector<std::pair<uint32_t, uint32_t>> Slots =
      std::vector<std::pair<uint32_t, uint32_t>>(64);
  size_t Count = 0;
  void grow() {
    std::vector<std::pair<uint32_t, uint32_t>> New(Slots.size() * 2);
    size_t Mask = New.size() - 1;
    for (const auto &[H, I] : Slots)
      if (I) {
        size_t J = H & Mask;
        while (New[J].second)
          J = (J + 1) & Mask;
        New[J] = {H, I};
      }
    Slots = std::move(New);
  }
};

struct Store::Dedup {
  IndexSet Fns, Chans, Ops, Edges;
};

Store::Store() : D(std::make_unique<Dedup>()) {}
Store::~Store() = default;

// What tells two records apart: a hash and an equality of every field.

uint64_t Store::hash(const FnRec &R) const {
  uint64_t H = mix(mix(mix(R.Usr, R.Name), mix(R.Qual, R.Params)),
                   R.Coroutine * 2 + R.Lambda);
  return mixLoc(H, R.Loc);
}

bool Store::same(const FnRec &A, const FnRec &B) const {
  return A.Usr == B.Usr && A.Name == B.Name && A.Qual == B.Qual &&
         A.Params == B.Params && A.Coroutine == B.Coroutine &&
         A.Lambda == B.Lambda && A.Loc == B.Loc;
}

uint64_t Store::hash(const ChanRec &R) const {
  uint64_t H = mix(mix(R.Usr, R.Name), mix(R.TypeName, R.Origin));
  H = mix(H, unsigned(R.Kind) * 2 + R.Bounded);
  H = mixLoc(H, R.Loc);
  for (uint32_t K = 0; K < R.CapCount; ++K) {
    const CapRec &C = Caps[R.CapBegin + K];
    H = mix(mix(H, unsigned(C.K)), mix(C.Value, C.Reason));
  }
  return H;
}

bool Store::same(const ChanRec &A, const ChanRec &B) const {
  if (!(A.Kind == B.Kind && A.Bounded == B.Bounded && A.Usr == B.Usr &&
        A.Name == B.Name && A.TypeName == B.TypeName &&
        A.Origin == B.Origin && A.Loc == B.Loc && A.CapCount == B.CapCount))
    return false;
  for (uint32_t K = 0; K < A.CapCount; ++K) {
    const CapRec &X = Caps[A.CapBegin + K], &Y = Caps[B.CapBegin + K];
    if (X.K != Y.K || X.Value != Y.Value || X.Reason != Y.Reason)
      return false;
  }
  return true;
}

uint64_t Store::hash(const OpRec &R) const {
  uint64_t H = mixRef(mix(R.Function, R.Method), R.Channel);
  H = mix(H, mix(R.TypeName, R.Origin));
  H = mix(H, (uint64_t(R.SelectId) << 32) | R.SelectOthers);
  H = mix(H, R.Bounded | R.Blocking << 1 | R.Loop << 2 | R.HasSelect << 3 |
                 unsigned(R.Direction) << 4);
  return mixLoc(H, R.Loc);
}

bool Store::same(const OpRec &A, const OpRec &B) const {
  return A.Function == B.Function && A.Channel == B.Channel &&
         A.TypeName == B.TypeName && A.Origin == B.Origin &&
         A.Method == B.Method && A.Bounded == B.Bounded &&
         A.Blocking == B.Blocking && A.Loop == B.Loop &&
         A.HasSelect == B.HasSelect && A.Direction == B.Direction &&
         A.SelectId == B.SelectId && A.SelectOthers == B.SelectOthers &&
         A.Loc == B.Loc;
}

uint64_t Store::hash(const EdgeRec &R) const {
  uint64_t H =
      mix(mix(R.Caller, R.Callee), mix(R.CalleeName, unsigned(R.Kind)));
  H = mixLoc(H, R.Loc);
  for (uint32_t K = 0; K < R.ArgCount; ++K) {
    const ArgRec &A = Args[R.ArgBegin + K];
    H = mixRef(mix(H, A.Param), A.Ref);
  }
  return H;
}

bool Store::same(const EdgeRec &A, const EdgeRec &B) const {
  if (!(A.Kind == B.Kind && A.Caller == B.Caller && A.Callee == B.Callee &&
        A.CalleeName == B.CalleeName && A.Loc == B.Loc &&
        A.ArgCount == B.ArgCount))
    return false;
  for (uint32_t K = 0; K < A.ArgCount; ++K) {
    const ArgRec &X = Args[A.ArgBegin + K], &Y = Args[B.ArgBegin + K];
    if (X.Param != Y.Param || !(X.Ref == Y.Ref))
      return false;
  }
  return true;
}

/// Adds \p R to \p V unless an equal record is there; true when added.
template <class Rec>
bool Store::insert(IndexSet &Set, std::vector<Rec> &V, const Rec &R) {
  uint32_t Idx = V.size();
  if (Set.insert(hash(R), Idx, [&](uint32_t I) { return same(V[I], R); }) !=
      Idx)
    return false;
  V.push_back(R);
  return true;
}

Sym Store::intern(std::string_view S) {
  if (S.empty())
    return 0;
  size_t H = std::hash<std::string_view>()(S);
  if ((TUCount + 1) * 2 > TUStrings.size()) {
    // Rehash this TU's strings into a table twice the size.
    std::vector<TUSlot> Old(TUStrings.size() * 2);
    std::swap(Old, TUStrings);
    size_t Mask = TUStrings.size() - 1;
    for (const TUSlot &X : Old)
      if (X.Gen == Gen) {
        size_t I = X.Hash & Mask;
        while (TUStrings[I].Gen == Gen)
          I = (I + 1) & Mask;
        TUStrings[I] = X;
      }
  }
  size_t Mask = TUStrings.size() - 1;
  for (size_t I = H & Mask;; I = (I + 1) & Mask) {
    TUSlot &X = TUStrings[I];
    if (X.Gen != Gen) {
      X = {H, Gen, Pool.intern(S, H)};
      ++TUCount;
      return X.Id;
    }
    if (X.Hash == H && Pool.str(X.Id) == S)
      return X.Id;
  }
}

void Store::finish() { D.reset(); }

void Store::dedup() {
  if (D)
    return;
  D = std::make_unique<Dedup>();
  for (uint32_t I = 0; I < Fns.size(); ++I)
    D->Fns.insert(hash(Fns[I]), I, [](uint32_t) { return false; });
  for (uint32_t I = 0; I < Chans.size(); ++I)
    D->Chans.insert(hash(Chans[I]), I, [](uint32_t) { return false; });
  for (uint32_t I = 0; I < Ops.size(); ++I)
    D->Ops.insert(hash(Ops[I]), I, [](uint32_t) { return false; });
  for (uint32_t I = 0; I < Edges.size(); ++I)
    D->Edges.insert(hash(Edges[I]), I, [](uint32_t) { return false; });
}

RefRec Store::ref(const ChannelRef &R) {
  RefRec X;
  X.K = R.K;
  X.Index = R.Index;
  X.Usr = intern(R.Usr);
  X.Name = intern(R.Name);
  X.Function = intern(R.Function);
  return X;
}

SourceRegion Store::region(const LocRec &L) const {
  SourceRegion R;
  R.File = std::string(str(L.File));
  R.Line = L.Line;
  R.Column = L.Column;
  R.EndLine = L.EndLine;
  R.EndColumn = L.EndColumn;
  return R;
}

ChannelRef Store::ref(const RefRec &R) const {
  ChannelRef X;
  X.K = R.K;
  X.Index = R.Index;
  X.Usr = std::string(str(R.Usr));
  X.Name = std::string(str(R.Name));
  X.Function = std::string(str(R.Function));
  return X;
}

FunctionFact Store::function(const FnRec &F) const {
  FunctionFact X;
  X.Usr = std::string(str(F.Usr));
  X.Name = std::string(str(F.Name));
  X.QualifiedName = std::string(str(F.Qual));
  X.Coroutine = F.Coroutine;
  X.Lambda = F.Lambda;
  X.Loc = region(F.Loc);
  // The parameters back from their encoding.
  std::string_view P = str(F.Params);
  while (!P.empty()) {
    size_t End = P.find(ItemSep);
    std::string_view Item = P.substr(0, End);
    P = End == std::string_view::npos ? std::string_view() : P.substr(End + 1);
    std::vector<std::string_view> Fields;
    for (size_t B = 0;;) {
      size_t E = Item.find(FieldSep, B);
      Fields.push_back(Item.substr(B, E - B));
      if (E == std::string_view::npos)
        break;
      B = E + 1;
    }
    if (Fields.size() != 4)
      continue;
    ChannelParamFact C;
    C.Channel = Fields[0] == "1";
    C.Index = std::stoul(std::string(Fields[1]));
    C.Name = std::string(Fields[2]);
    C.Type = std::string(Fields[3]);
    X.ChannelParams.push_back(std::move(C));
  }
  return X;
}

ChannelFact Store::channel(const ChanRec &C) const {
  ChannelFact X;
  X.Kind = C.Kind;
  X.Usr = std::string(str(C.Usr));
  X.Name = std::string(str(C.Name));
  X.Type.Name = std::string(str(C.TypeName));
  X.Type.Origin = std::string(str(C.Origin));
  X.Type.Bounded = C.Bounded;
  X.Loc = region(C.Loc);
  for (uint32_t I = 0; I < C.CapCount; ++I) {
    const CapRec &R = Caps[C.CapBegin + I];
    CapacityFact F;
    F.K = R.K;
    F.Value = R.Value;
    F.Reason = std::string(str(R.Reason));
    X.Capacities.push_back(std::move(F));
  }
  return X;
}

void Store::add(TUFacts &&F) {
  dedup();
  if (++Gen == 0) { // wrapped: no slot may look current
    std::fill(TUStrings.begin(), TUStrings.end(), TUSlot());
    Gen = 1;
  }
  TUCount = 0;
  std::string Enc;
  auto loc = [&](const Region &R) {
    return LocRec{intern(R.File), R.Line, R.Column, R.EndLine, R.EndColumn};
  };
  for (const FunctionFact &X : F.Functions) {
    FnRec R;
    R.Usr = intern(X.Usr);
    R.Name = intern(X.Name);
    R.Qual = intern(X.QualifiedName);
    R.Coroutine = X.Coroutine;
    R.Lambda = X.Lambda;
    R.Loc = loc(X.Loc);
    Enc.clear();
    for (const ChannelParamFact &P : X.ChannelParams)
      encodeItem(Enc, {P.Channel ? "1" : "0", std::to_string(P.Index), P.Name,
                       P.Type});
    R.Params = intern(Enc);
    insert(D->Fns, Fns, R);
  }
  for (const ChannelFact &X : F.Channels) {
    ChanRec R;
    R.Kind = X.Kind;
    R.Bounded = X.Type.Bounded;
    R.Usr = intern(X.Usr);
    R.Name = intern(X.Name);
    R.TypeName = intern(X.Type.Name);
    R.Origin = intern(X.Type.Origin);
    R.Loc = loc(X.Loc);
    R.CapBegin = Caps.size();
    R.CapCount = X.Capacities.size();
    for (const CapacityFact &C : X.Capacities)
      Caps.push_back({C.K, C.Value, intern(C.Reason)});
    if (!insert(D->Chans, Chans, R))
      Caps.resize(R.CapBegin);
  }
  for (const OperationFact &X : F.Operations) {
    OpRec R;
    R.Function = intern(X.Function);
    R.Channel = ref(X.Channel);
    R.TypeName = intern(X.Type.Name);
    R.Origin = intern(X.Type.Origin);
    R.Method = intern(X.Method);
    R.Bounded = X.Type.Bounded;
    R.Blocking = X.Blocking;
    R.Loop = X.Loop;
    R.Direction = X.Direction;
    R.Loc = loc(X.Loc);
    if (X.Select) {
      R.HasSelect = true;
      R.SelectId = intern(X.Select->Id);
      Enc.clear();
      for (const SelectPeerFact &P : X.Select->Others)
        encodeItem(Enc, {kindName(P.Channel.K), P.Channel.Usr, P.Channel.Name,
                         P.Channel.Function, std::to_string(P.Channel.Index),
                         directionName(P.Direction), P.Method});
      R.SelectOthers = intern(Enc);
    }
    insert(D->Ops, Ops, R);
  }
  for (const EdgeFact &X : F.Edges) {
    EdgeRec R;
    R.Kind = X.Kind;
    R.Caller = intern(X.Caller);
    R.Callee = intern(X.Callee);
    R.CalleeName = intern(X.CalleeName);
    R.Loc = loc(X.Loc);
    R.ArgBegin = Args.size();
    R.ArgCount = X.Args.size();
    for (const EdgeArgFact &A : X.Args)
      Args.push_back({A.Param, ref(A.Ref)});
    if (!insert(D->Edges, Edges, R))
      Args.resize(R.ArgBegin);
  }
  for (SummaryFact &S : F.Summaries)
    Summaries.push_back(std::move(S));
  for (OperandFact &O : F.Operands)
    Operands.push_back(std::move(O));
  F = TUFacts();
}

} // namespace program
} // namespace corosafe
