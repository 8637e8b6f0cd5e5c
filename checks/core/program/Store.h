//===- Store.h - the facts of every TU, interned ----------------*- C++ -*-===//
//
// Internal to checks/core/program: what the merge keeps of the typed facts
// of every TU (corosafe/FactsSchema.h) once it has read them. Every string
// (USR, name, path, method) is stored once in a pool and named by a dense
// integer id (Sym); facts become small records of ids and numbers; a fact
// seen in several TUs (a header's channels and inline functions) is kept
// once. A TU's TUFacts is consumed as it is added, so a merge holds one
// TU's strings at a time besides the pool: a million channel operations
// fit in a few hundred megabytes (docs/performance.md).
//
// The cancel-select summaries and operands, rare and read only by
// CancelAcrossTUs.cpp, are kept as the typed facts.
//
// Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_PROGRAM_STORE_H
#define COROSAFE_PROGRAM_STORE_H

#include "corosafe/FactsSchema.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {
namespace program {

/// A string of the pool; 0 is the empty string.
using Sym = uint32_t;

/// Distinct strings, each stored once, named by dense ids in the order they
/// were first interned.
class StringPool {
public:
  StringPool();
  Sym intern(std::string_view S);
  /// The id of \p S, or ~0u when it was never interned.
  Sym find(std::string_view S) const;
  std::string_view str(Sym S) const { return {Strs[S].Ptr, Strs[S].Len}; }
  size_t size() const { return Strs.size(); }

  /// The same, with \p Hash = std::hash<std::string_view>()(S) already
  /// computed.
  Sym intern(std::string_view S, size_t Hash);

private:
  struct Entry {
    const char *Ptr;
    uint32_t Len;
  };
  struct Slot {
    uint32_t Hash = 0;
    uint32_t Id = 0; ///< Sym + 1, 0 when free
  };
  std::vector<std::unique_ptr<char[]>> Chunks;
  size_t ChunkLeft = 0;
  char *ChunkNext = nullptr;
  std::vector<Entry> Strs;
  std::vector<Slot> Slots; ///< open addressing, the hash kept in the slot
  void grow();
};

/// A region ("loc") by ids.
struct LocRec {
  Sym File = 0;
  uint32_t Line = 0, Column = 0, EndLine = 0, EndColumn = 0;
  friend bool operator==(const LocRec &A, const LocRec &B) {
    return A.File == B.File && A.Line == B.Line && A.Column == B.Column &&
           A.EndLine == B.EndLine && A.EndColumn == B.EndColumn;
  }
};

/// A ChannelRef by ids.
struct RefRec {
  ChannelRef::Kind K = ChannelRef::Kind::Unknown;
  uint32_t Index = 0;
  Sym Usr = 0, Name = 0, Function = 0;
  friend bool operator==(const RefRec &A, const RefRec &B) {
    return A.K == B.K && A.Index == B.Index && A.Usr == B.Usr &&
           A.Name == B.Name && A.Function == B.Function;
  }
};

struct FnRec {
  Sym Usr = 0, Name = 0, Qual = 0;
  Sym Params = 0; ///< the channel parameters, encoded (they only tell apart)
  bool Coroutine = false, Lambda = false;
  LocRec Loc;
};

struct CapRec {
  CapacityFact::Kind K = CapacityFact::Kind::Unknown;
  uint64_t Value = 0;
  Sym Reason = 0;
};

struct ChanRec {
  ChannelKind Kind = ChannelKind::Global;
  bool Bounded = true;
  Sym Usr = 0, Name = 0, TypeName = 0, Origin = 0;
  uint32_t CapBegin = 0, CapCount = 0; ///< in Store::Caps
  LocRec Loc;
};

struct OpRec {
  Sym Function = 0;
  RefRec Channel;
  Sym TypeName = 0, Origin = 0, Method = 0;
  bool Bounded = true, Blocking = true, Loop = false, HasSelect = false;
  ChannelDirection Direction = ChannelDirection::Send;
  Sym SelectId = 0;
  Sym SelectOthers = 0; ///< the select's other operations, encoded
  LocRec Loc;
};

struct ArgRec {
  uint32_t Param = 0;
  RefRec Ref;
};

struct EdgeRec {
  EdgeKind Kind = EdgeKind::Call;
  Sym Caller = 0, Callee = 0, CalleeName = 0;
  uint32_t ArgBegin = 0, ArgCount = 0; ///< in Store::Args
  LocRec Loc;
};

class IndexSet;

/// The facts of every TU added, without duplicates.
class Store {
public:
  Store();
  ~Store();
  Store(const Store &) = delete;
  Store &operator=(const Store &) = delete;

  /// Interns the facts of one TU and drops its strings.
  void add(TUFacts &&F);
  /// No more TUs for now: frees the tables that find duplicates (a later
  /// add rebuilds them).
  void finish();

  StringPool Pool;
  std::vector<FnRec> Fns;
  std::vector<ChanRec> Chans;
  std::vector<CapRec> Caps;
  std::vector<OpRec> Ops;
  std::vector<EdgeRec> Edges;
  std::vector<ArgRec> Args;
  std::vector<SummaryFact> Summaries;
  std::vector<OperandFact> Operands;

  std::string_view str(Sym S) const { return Pool.str(S); }
  SourceRegion region(const LocRec &L) const;
  /// The typed facts back (to compare two records as compareFacts does).
  FunctionFact function(const FnRec &F) const;
  ChannelFact channel(const ChanRec &C) const;
  ChannelRef ref(const RefRec &R) const;

private:
  struct Dedup;
  std::unique_ptr<Dedup> D;
  /// The strings of the TU being added: each distinct one is looked up in
  /// the pool once, the rest found in this small table, which stays in
  /// cache (the pool's is large). Slots of other TUs have another Gen.
  struct TUSlot {
    size_t Hash = 0;
    uint32_t Gen = 0;
    Sym Id = 0;
  };
  std::vector<TUSlot> TUStrings = std::vector<TUSlot>(1024);
  uint32_t Gen = 0, TUCount = 0;
  Sym intern(std::string_view S);
  void dedup();
  template <class Rec>
  bool insert(IndexSet &Set, std::vector<Rec> &V, const Rec &R);
  uint64_t hash(const FnRec &R) const;
  uint64_t hash(const ChanRec &R) const;
  uint64_t hash(const OpRec &R) const;
  uint64_t hash(const EdgeRec &R) const;
  bool same(const FnRec &A, const FnRec &B) const;
  bool same(const ChanRec &A, const ChanRec &B) const;
  bool same(const OpRec &A, const OpRec &B) const;
  bool same(const EdgeRec &A, const EdgeRec &B) const;
  RefRec ref(const ChannelRef &R);
};

} // namespace program
} // namespace corosafe

#endif
