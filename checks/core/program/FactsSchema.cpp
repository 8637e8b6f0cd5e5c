//===- FactsSchema.cpp - typed facts <-> JSON, and their order ------------===//
//
// The one place that knows the JSON keys of the facts (docs/facts.md): the
// serializer the collector's facts go through on their way to a facts file,
// the strict reader the merge reads them back with, and the facts order
// (the order of the elements' JSON values) that makes every array
// deterministic. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "corosafe/FactsSchema.h"

#include "corosafe/FactsSimdjson.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>

using nlohmann::json;
using OJson = nlohmann::ordered_json;

namespace corosafe {

ChannelRef ChannelRef::field(std::string Usr, std::string Name) {
  ChannelRef R;
  R.K = Kind::Field;
  R.Usr = std::move(Usr);
  R.Name = std::move(Name);
  return R;
}

ChannelRef ChannelRef::global(std::string Usr, std::string Name) {
  ChannelRef R = field(std::move(Usr), std::move(Name));
  R.K = Kind::Global;
  return R;
}

ChannelRef ChannelRef::local(std::string Usr, std::string Name) {
  ChannelRef R = field(std::move(Usr), std::move(Name));
  R.K = Kind::Local;
  return R;
}

ChannelRef ChannelRef::param(std::string Function, unsigned Index,
                             std::string Name) {
  ChannelRef R;
  R.K = Kind::Param;
  R.Function = std::move(Function);
  R.Index = Index;
  R.Name = std::move(Name);
  return R;
}

// The names of the kinds, as the JSON spells them. The reader accepts
// exactly these.

const char *kindName(ChannelRef::Kind K) {
  switch (K) {
  case ChannelRef::Kind::Field:
    return "field";
  case ChannelRef::Kind::Global:
    return "global";
  case ChannelRef::Kind::Local:
    return "local";
  case ChannelRef::Kind::Param:
    return "param";
  case ChannelRef::Kind::Unknown:
    break;
  }
  return "unknown";
}

const char *kindName(CapacityFact::Kind K) {
  switch (K) {
  case CapacityFact::Kind::Constant:
    return "constant";
  case CapacityFact::Kind::Unbounded:
    return "unbounded";
  case CapacityFact::Kind::Unknown:
    break;
  }
  return "unknown";
}

const char *kindName(ChannelKind K) {
  switch (K) {
  case ChannelKind::Field:
    return "field";
  case ChannelKind::Local:
    return "local";
  case ChannelKind::Global:
    break;
  }
  return "global";
}

const char *kindName(EdgeKind K) {
  switch (K) {
  case EdgeKind::Await:
    return "await";
  case EdgeKind::Spawn:
    return "spawn";
  case EdgeKind::Operand:
    return "operand";
  case EdgeKind::Call:
    break;
  }
  return "call";
}

const char *directionName(ChannelDirection D) {
  return D == ChannelDirection::Send ? "send" : "receive";
}

// --- order ------------------------------------------------------------------
//
// nlohmann::json compares two objects as std::map<key, value>: pair by pair
// in key order, a key before its value. So the fields are compared in the
// byte order of their keys, and where the key sets differ (an optional
// "select", the keys of a reference's kind) the first differing key decides.

namespace {

int cmp(const std::string &A, const std::string &B) {
  int C = A.compare(B);
  return C < 0 ? -1 : C > 0;
}

int cmp(const char *A, const char *B) {
  int C = std::strcmp(A, B);
  return C < 0 ? -1 : C > 0;
}

template <class T> int cmpValue(const T &A, const T &B) {
  return A < B ? -1 : B < A ? 1 : 0;
}

int cmp(bool A, bool B) { return cmpValue(A, B); }
int cmp(unsigned A, unsigned B) { return cmpValue(A, B); }
int cmp(uint64_t A, uint64_t B) { return cmpValue(A, B); }

int cmp(const ChannelTypeFact &A, const ChannelTypeFact &B) {
  if (int C = cmp(A.Bounded, B.Bounded))
    return C;
  if (int C = cmp(A.Name, B.Name))
    return C;
  return cmp(A.Origin, B.Origin);
}

int cmp(const ChannelParamFact &A, const ChannelParamFact &B) {
  if (int C = cmp(A.Channel, B.Channel))
    return C;
  if (int C = cmp(A.Index, B.Index))
    return C;
  if (int C = cmp(A.Name, B.Name))
    return C;
  return cmp(A.Type, B.Type);
}

int cmp(const EdgeArgFact &A, const EdgeArgFact &B) {
  if (int C = cmp(A.Param, B.Param))
    return C;
  return compareFacts(A.Ref, B.Ref);
}

int cmp(const SelectPeerFact &A, const SelectPeerFact &B) {
  return compareFacts(A, B);
}

int cmp(const CapacityFact &A, const CapacityFact &B) {
  return compareFacts(A, B);
}

/// Arrays: element by element; a prefix comes first.
template <class T>
int cmp(const std::vector<T> &A, const std::vector<T> &B) {
  size_t N = std::min(A.size(), B.size());
  for (size_t I = 0; I < N; ++I)
    if (int C = cmp(A[I], B[I]))
      return C;
  return cmpValue(A.size(), B.size());
}

int cmp(const SelectFact &A, const SelectFact &B) {
  if (int C = cmp(A.Id, B.Id))
    return C;
  return cmp(A.Others, B.Others);
}

template <class T> bool lessFacts(const T &A, const T &B) {
  return compareFacts(A, B) < 0;
}

template <class T> bool sameFacts(const T &A, const T &B) {
  return compareFacts(A, B) == 0;
}

template <class T> void sortUnique(std::vector<T> &V) {
  std::sort(V.begin(), V.end(), lessFacts<T>);
  V.erase(std::unique(V.begin(), V.end(), sameFacts<T>), V.end());
}

} // namespace

int compareFacts(const ChannelRef &A, const ChannelRef &B) {
  // {function, index, kind, name} against {kind, ...}: "function" < "kind".
  bool AP = A.K == ChannelRef::Kind::Param, BP = B.K == ChannelRef::Kind::Param;
  if (AP != BP)
    return AP ? -1 : 1;
  if (AP) {
    if (int C = cmp(A.Function, B.Function))
      return C;
    if (int C = cmp(A.Index, B.Index))
      return C;
    return cmp(A.Name, B.Name);
  }
  if (int C = cmp(kindName(A.K), kindName(B.K)))
    return C;
  if (A.K == ChannelRef::Kind::Unknown)
    return 0; // {kind} alone
  if (int C = cmp(A.Name, B.Name))
    return C;
  return cmp(A.Usr, B.Usr);
}

int compareFacts(const Region &A, const Region &B) {
  // column, endColumn, endLine, file, line
  if (int C = cmp(A.Column, B.Column))
    return C;
  if (int C = cmp(A.EndColumn, B.EndColumn))
    return C;
  if (int C = cmp(A.EndLine, B.EndLine))
    return C;
  if (int C = cmp(A.File, B.File))
    return C;
  return cmp(A.Line, B.Line);
}

int compareFacts(const CapacityFact &A, const CapacityFact &B) {
  if (int C = cmp(kindName(A.K), kindName(B.K)))
    return C;
  if (A.K == CapacityFact::Kind::Constant)
    return cmp(A.Value, B.Value);
  if (A.K == CapacityFact::Kind::Unknown)
    return cmp(A.Reason, B.Reason);
  return 0;
}

int compareFacts(const FunctionFact &A, const FunctionFact &B) {
  // channelParams, coroutine, lambda, loc, name, qualifiedName, usr
  if (int C = cmp(A.ChannelParams, B.ChannelParams))
    return C;
  if (int C = cmp(A.Coroutine, B.Coroutine))
    return C;
  if (int C = cmp(A.Lambda, B.Lambda))
    return C;
  if (int C = compareFacts(A.Loc, B.Loc))
    return C;
  if (int C = cmp(A.Name, B.Name))
    return C;
  if (int C = cmp(A.QualifiedName, B.QualifiedName))
    return C;
  return cmp(A.Usr, B.Usr);
}

int compareFacts(const ChannelFact &A, const ChannelFact &B) {
  // capacities, kind, loc, name, type, usr
  if (int C = cmp(A.Capacities, B.Capacities))
    return C;
  if (int C = cmp(kindName(A.Kind), kindName(B.Kind)))
    return C;
  if (int C = compareFacts(A.Loc, B.Loc))
    return C;
  if (int C = cmp(A.Name, B.Name))
    return C;
  if (int C = cmp(A.Type, B.Type))
    return C;
  return cmp(A.Usr, B.Usr);
}

int compareFacts(const SelectPeerFact &A, const SelectPeerFact &B) {
  // channel, direction, method
  if (int C = compareFacts(A.Channel, B.Channel))
    return C;
  if (int C = cmp(directionName(A.Direction), directionName(B.Direction)))
    return C;
  return cmp(A.Method, B.Method);
}

int compareFacts(const OperationFact &A, const OperationFact &B) {
  // blocking, channel, direction, function, loc, loop, method, [select],
  // type
  if (int C = cmp(A.Blocking, B.Blocking))
    return C;
  if (int C = compareFacts(A.Channel, B.Channel))
    return C;
  if (int C = cmp(directionName(A.Direction), directionName(B.Direction)))
    return C;
  if (int C = cmp(A.Function, B.Function))
    return C;
  if (int C = compareFacts(A.Loc, B.Loc))
    return C;
  if (int C = cmp(A.Loop, B.Loop))
    return C;
  if (int C = cmp(A.Method, B.Method))
    return C;
  if (A.Select.has_value() != B.Select.has_value())
    return A.Select ? -1 : 1; // ("select", ...) against ("type", ...)
  if (A.Select)
    if (int C = cmp(*A.Select, *B.Select))
      return C;
  return cmp(A.Type, B.Type);
}

int compareFacts(const EdgeFact &A, const EdgeFact &B) {
  // args, callee, calleeName, caller, kind, loc
  if (int C = cmp(A.Args, B.Args))
    return C;
  if (int C = cmp(A.Callee, B.Callee))
    return C;
  if (int C = cmp(A.CalleeName, B.CalleeName))
    return C;
  if (int C = cmp(A.Caller, B.Caller))
    return C;
  if (int C = cmp(kindName(A.Kind), kindName(B.Kind)))
    return C;
  return compareFacts(A.Loc, B.Loc);
}

namespace {
nlohmann::ordered_json toJsonFwd(const SummaryFact &F);
nlohmann::ordered_json toJsonFwd(const OperandFact &F);
/// Keys are written in byte order, so comparing the ordered JSON values is
/// comparing them as maps: the facts order.
template <class T> int cmpByJson(const T &A, const T &B) {
  nlohmann::ordered_json JA = toJsonFwd(A), JB = toJsonFwd(B);
  return JA < JB ? -1 : JB < JA ? 1 : 0;
}
} // namespace

int compareFacts(const SummaryFact &A, const SummaryFact &B) {
  return cmpByJson(A, B);
}

int compareFacts(const OperandFact &A, const OperandFact &B) {
  return cmpByJson(A, B);
}

void canonicalize(TUFacts &F) {
  // Inner arrays first: they take part in the order of their elements.
  for (ChannelFact &C : F.Channels)
    sortUnique(C.Capacities);
  for (OperationFact &O : F.Operations)
    if (O.Select)
      std::sort(O.Select->Others.begin(), O.Select->Others.end(),
                lessFacts<SelectPeerFact>);
  sortUnique(F.Functions);
  sortUnique(F.Channels);
  sortUnique(F.Operations);
  sortUnique(F.Edges);
  sortUnique(F.Summaries);
  sortUnique(F.Operands);
}

// --- serializer ---------------------------------------------------------------
//
// Keys are written in byte order, which is how nlohmann::json (a std::map)
// writes them: facts files written before the typed schema and after it are
// byte-identical.

namespace {

OJson toJson(const Region &R) {
  OJson J = OJson::object();
  J["column"] = R.Column;
  J["endColumn"] = R.EndColumn;
  J["endLine"] = R.EndLine;
  J["file"] = R.File;
  J["line"] = R.Line;
  return J;
}

OJson toJson(const ChannelRef &R) {
  OJson J = OJson::object();
  if (R.K == ChannelRef::Kind::Param) {
    J["function"] = R.Function;
    J["index"] = R.Index;
    J["kind"] = kindName(R.K);
    J["name"] = R.Name;
    return J;
  }
  J["kind"] = kindName(R.K);
  if (R.K != ChannelRef::Kind::Unknown) {
    J["name"] = R.Name;
    J["usr"] = R.Usr;
  }
  return J;
}

OJson toJson(const ChannelTypeFact &T) {
  OJson J = OJson::object();
  J["bounded"] = T.Bounded;
  J["name"] = T.Name;
  J["origin"] = T.Origin;
  return J;
}

OJson toJson(const CapacityFact &C) {
  OJson J = OJson::object();
  J["kind"] = kindName(C.K);
  if (C.K == CapacityFact::Kind::Unknown)
    J["reason"] = C.Reason;
  if (C.K == CapacityFact::Kind::Constant)
    J["value"] = C.Value;
  return J;
}

OJson toJson(const FunctionFact &F) {
  OJson Params = OJson::array();
  for (const ChannelParamFact &P : F.ChannelParams) {
    OJson X = OJson::object();
    X["channel"] = P.Channel;
    X["index"] = P.Index;
    X["name"] = P.Name;
    X["type"] = P.Type;
    Params.push_back(std::move(X));
  }
  OJson J = OJson::object();
  J["channelParams"] = std::move(Params);
  J["coroutine"] = F.Coroutine;
  J["lambda"] = F.Lambda;
  J["loc"] = toJson(F.Loc);
  J["name"] = F.Name;
  J["qualifiedName"] = F.QualifiedName;
  J["usr"] = F.Usr;
  return J;
}

OJson toJson(const ChannelFact &C) {
  OJson Caps = OJson::array();
  for (const CapacityFact &X : C.Capacities)
    Caps.push_back(toJson(X));
  OJson J = OJson::object();
  J["capacities"] = std::move(Caps);
  J["kind"] = kindName(C.Kind);
  J["loc"] = toJson(C.Loc);
  J["name"] = C.Name;
  J["type"] = toJson(C.Type);
  J["usr"] = C.Usr;
  return J;
}

OJson toJson(const OperationFact &O) {
  OJson J = OJson::object();
  J["blocking"] = O.Blocking;
  J["channel"] = toJson(O.Channel);
  J["direction"] = directionName(O.Direction);
  J["function"] = O.Function;
  J["loc"] = toJson(O.Loc);
  J["loop"] = O.Loop;
  J["method"] = O.Method;
  if (O.Select) {
    OJson Others = OJson::array();
    for (const SelectPeerFact &P : O.Select->Others) {
      OJson X = OJson::object();
      X["channel"] = toJson(P.Channel);
      X["direction"] = directionName(P.Direction);
      X["method"] = P.Method;
      Others.push_back(std::move(X));
    }
    OJson S = OJson::object();
    S["id"] = O.Select->Id;
    S["others"] = std::move(Others);
    J["select"] = std::move(S);
  }
  J["type"] = toJson(O.Type);
  return J;
}

OJson toJson(const EdgeFact &E) {
  OJson Args = OJson::array();
  for (const EdgeArgFact &A : E.Args) {
    OJson X = OJson::object();
    X["param"] = A.Param;
    X["ref"] = toJson(A.Ref);
    Args.push_back(std::move(X));
  }
  OJson J = OJson::object();
  J["args"] = std::move(Args);
  J["callee"] = E.Callee;
  J["calleeName"] = E.CalleeName;
  J["caller"] = E.Caller;
  J["kind"] = kindName(E.Kind);
  J["loc"] = toJson(E.Loc);
  return J;
}

OJson toJson(const NoteFact &N) {
  OJson J = OJson::object();
  J["loc"] = toJson(N.Loc);
  J["message"] = N.Message;
  return J;
}

OJson toJson(const HeldFact &H) {
  OJson Notes = OJson::array();
  for (const NoteFact &N : H.Notes)
    Notes.push_back(toJson(N));
  OJson J = OJson::object();
  J["enclosing"] = H.Enclosing;
  J["fromChannel"] = H.FromChannel;
  J["key"] = H.Key;
  J["loc"] = toJson(H.Loc);
  J["message"] = H.Message;
  J["notes"] = std::move(Notes);
  J["reportedInTU"] = H.ReportedInTU;
  return J;
}

OJson toJson(const SummaryFact &F) {
  OJson Held = OJson::array();
  for (const HeldFact &H : F.Held)
    Held.push_back(toJson(H));
  OJson J = OJson::object();
  J["function"] = F.Function;
  J["held"] = std::move(Held);
  J["name"] = F.Name;
  J["returnsTaken"] = F.ReturnsTaken;
  return J;
}

OJson toJson(const OperandFact &O) {
  OJson J = OJson::object();
  J["callee"] = O.Callee;
  J["calleeName"] = O.CalleeName;
  J["dropsCompleted"] = O.DropsCompleted;
  J["enclosing"] = O.Enclosing;
  J["endsSession"] = O.EndsSession;
  J["function"] = O.Function;
  J["heldHelp"] = O.HeldHelp;
  J["loc"] = toJson(O.Loc);
  J["lossyBecause"] = O.LossyBecause;
  J["lossyHelp"] = O.LossyHelp;
  J["operandNote"] = O.OperandNote;
  J["selectLoc"] = toJson(O.SelectLoc);
  J["spelling"] = O.Spelling;
  return J;
}

template <class T> OJson arrayOf(const std::vector<T> &V) {
  OJson A = OJson::array();
  for (const T &X : V)
    A.push_back(toJson(X));
  return A;
}

} // namespace

OJson toJson(const TUFacts &F) {
  OJson J = OJson::object();
  J["channels"] = arrayOf(F.Channels);
  J["edges"] = arrayOf(F.Edges);
  J["functions"] = arrayOf(F.Functions);
  J["operands"] = arrayOf(F.Operands);
  J["operations"] = arrayOf(F.Operations);
  J["schemaVersion"] = F.SchemaVersion;
  J["summaries"] = arrayOf(F.Summaries);
  J["tu"] = F.TU;
  return J;
}

namespace {
OJson toJsonFwd(const SummaryFact &F) { return toJson(F); }
OJson toJsonFwd(const OperandFact &F) { return toJson(F); }
} // namespace

// --- strict reader ------------------------------------------------------------
//
// One reader, written once over two DOMs: nlohmann's (readFacts: every
// check, with a message naming the key) and simdjson's (readFactsFast: the
// merge's hot path, which only says whether the object is well formed; the
// caller reads a malformed one again with readFacts for the message). A DOM
// is seen through a small value type: NValue (a nlohmann value) or SValue
// (a simdjson element).

namespace {

/// Where a value is in the facts object, rendered only for an error:
/// `operations[3].channel.kind`.
struct Path {
  const Path *Parent = nullptr;
  const char *Key = nullptr; // or an index
  size_t Index = 0;

  std::string str() const {
    std::string S = Parent ? Parent->str() : "";
    if (Key)
      S += (S.empty() ? "" : ".") + std::string(Key);
    else if (Parent)
      S += "[" + std::to_string(Index) + "]";
    return S;
  }
  Path key(const char *K) const { return Path{this, K, 0}; }
  Path at(size_t I) const { return Path{this, nullptr, I}; }
};

struct Malformed {
  std::string Where, What;
};

[[noreturn]] void fail(const Path &P, std::string What) {
  throw Malformed{P.str(), std::move(What)};
}

/// A value of nlohmann's DOM.
struct NValue {
  const json *J;

  bool isObject() const { return J->is_object(); }
  bool isArray() const { return J->is_array(); }
  bool isString() const { return J->is_string(); }
  bool isBool() const { return J->is_boolean(); }
  std::optional<NValue> field(const char *Key) const {
    auto It = J->find(Key);
    if (It == J->end())
      return std::nullopt;
    return NValue{&*It};
  }
  std::string_view string() const {
    return J->get_ref<const std::string &>();
  }
  bool boolean() const { return J->get<bool>(); }
  std::optional<uint64_t> count() const {
    if (J->is_number_unsigned())
      return J->get<uint64_t>();
    if (J->is_number_integer() && J->get<int64_t>() >= 0)
      return static_cast<uint64_t>(J->get<int64_t>());
    return std::nullopt;
  }
  std::optional<int64_t> integer() const {
    if (J->is_number_unsigned() && J->get<uint64_t>() > INT64_MAX)
      return std::nullopt;
    if (!J->is_number_integer())
      return std::nullopt;
    return J->get<int64_t>();
  }
  size_t size() const { return J->size(); }
  template <class F> void each(F &&Fn) const {
    size_t I = 0;
    for (const json &X : *J)
      Fn(I++, NValue{&X});
  }
  std::string describe() const {
    const json &V = *J;
    if (V.is_number() || V.is_boolean() || V.is_null())
      return std::string(V.type_name()) + " " + V.dump();
    if (V.is_string()) {
      std::string S = V.dump();
      if (S.size() > 40)
        S = S.substr(0, 37) + "...";
      return "string " + S;
    }
    return std::string("an ") + V.type_name();
  }
};

/// A value of simdjson's DOM. Its messages are never shown (readFactsFast
/// only says whether the object is well formed).
struct SValue {
  simdjson::dom::element E;

  bool isObject() const { return E.is_object(); }
  bool isArray() const { return E.is_array(); }
  bool isString() const { return E.is_string(); }
  bool isBool() const { return E.is_bool(); }
  /// The last member named \p Key, as nlohmann keeps the last of
  /// duplicate keys.
  std::optional<SValue> field(const char *Key) const {
    simdjson::dom::object O;
    if (E.get(O))
      return std::nullopt;
    std::optional<SValue> Found;
    for (simdjson::dom::key_value_pair KV : O)
      if (KV.key == Key)
        Found = SValue{KV.value};
    return Found;
  }
  std::string_view string() const {
    std::string_view S;
    if (E.get(S))
      return {};
    return S;
  }
  bool boolean() const {
    bool B = false;
    if (E.get(B))
      return false;
    return B;
  }
  std::optional<uint64_t> count() const {
    uint64_t U;
    if (E.is_uint64() && !E.get(U))
      return U;
    return std::nullopt;
  }
  std::optional<int64_t> integer() const {
    int64_t I;
    if (E.is_int64() && !E.get(I))
      return I;
    return std::nullopt;
  }
  size_t size() const {
    simdjson::dom::array A;
    return E.get(A) ? 0 : A.size();
  }
  template <class F> void each(F &&Fn) const {
    simdjson::dom::array A;
    if (E.get(A))
      return;
    size_t I = 0;
    for (simdjson::dom::element X : A)
      Fn(I++, SValue{X});
  }
  std::string describe() const { return "another value"; }
};

template <class V> V getObject(const V &Val, const Path &P) {
  if (!Val.isObject())
    fail(P, "expected an object, got " + Val.describe());
  return Val;
}

template <class V> V getField(const V &O, const char *Key, const Path &P) {
  std::optional<V> F = O.field(Key);
  if (!F)
    fail(P.key(Key), "missing");
  return *F;
}

template <class V> V getArray(const V &O, const char *Key, const Path &P) {
  V Val = getField(O, Key, P);
  if (!Val.isArray())
    fail(P.key(Key), "expected an array, got " + Val.describe());
  return Val;
}

template <class V>
std::string getString(const V &O, const char *Key, const Path &P) {
  V Val = getField(O, Key, P);
  if (!Val.isString())
    fail(P.key(Key), "expected a string, got " + Val.describe());
  return std::string(Val.string());
}

template <class V> bool getBool(const V &O, const char *Key, const Path &P) {
  V Val = getField(O, Key, P);
  if (!Val.isBool())
    fail(P.key(Key), "expected true or false, got " + Val.describe());
  return Val.boolean();
}

template <class V>
uint64_t getCount(const V &O, const char *Key, const Path &P,
                  uint64_t Max = UINT64_MAX) {
  V Val = getField(O, Key, P);
  std::optional<uint64_t> C = Val.count();
  if (C && *C <= Max)
    return *C;
  fail(P.key(Key), "expected a non-negative integer" +
                       std::string(Max == UINT_MAX ? " below 2^32" : "") +
                       ", got " + Val.describe());
}

template <class V>
unsigned getCount32(const V &O, const char *Key, const Path &P) {
  return static_cast<unsigned>(getCount(O, Key, P, UINT_MAX));
}

/// A string that must be one of \p Names; returns its index.
template <class Enum, size_t N, class V>
Enum oneOf(const V &O, const char *Key, const Path &P,
           const std::pair<const char *, Enum> (&Names)[N]) {
  V Val = getField(O, Key, P);
  if (Val.isString())
    for (const auto &[Name, E] : Names)
      if (Val.string() == Name)
        return E;
  std::string List;
  for (const auto &[Name, E] : Names)
    List += (List.empty() ? "\"" : ", \"") + std::string(Name) + "\"";
  fail(P.key(Key), "expected one of " + List + ", got " + Val.describe());
}

/// Reads the elements of array \p Key of \p O with \p Read.
template <class V, class T, class F>
void readEach(const V &O, const char *Key, const Path &Parent,
              std::vector<T> &Out, F &&Read) {
  V A = getArray(O, Key, Parent);
  Path P = Parent.key(Key);
  Out.clear();
  Out.reserve(A.size());
  A.each([&](size_t I, const V &X) { Out.push_back(Read(X, P.at(I))); });
}

template <class V>
Region readRegion(const V &O, const char *Key, const Path &Parent) {
  Path P = Parent.key(Key);
  V J = getObject(getField(O, Key, Parent), P);
  Region R;
  R.File = getString(J, "file", P);
  R.Line = getCount32(J, "line", P);
  R.Column = getCount32(J, "column", P);
  R.EndLine = getCount32(J, "endLine", P);
  R.EndColumn = getCount32(J, "endColumn", P);
  return R;
}

template <class V> ChannelRef readRef(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  static const std::pair<const char *, ChannelRef::Kind> Kinds[] = {
      {"field", ChannelRef::Kind::Field},
      {"global", ChannelRef::Kind::Global},
      {"local", ChannelRef::Kind::Local},
      {"param", ChannelRef::Kind::Param},
      {"unknown", ChannelRef::Kind::Unknown}};
  ChannelRef R;
  R.K = oneOf(J, "kind", P, Kinds);
  switch (R.K) {
  case ChannelRef::Kind::Param:
    R.Function = getString(J, "function", P);
    R.Index = getCount32(J, "index", P);
    R.Name = getString(J, "name", P);
    break;
  case ChannelRef::Kind::Unknown:
    break;
  default:
    R.Name = getString(J, "name", P);
    R.Usr = getString(J, "usr", P);
  }
  return R;
}

template <class V> ChannelTypeFact readType(const V &O, const Path &Parent) {
  Path P = Parent.key("type");
  V J = getObject(getField(O, "type", Parent), P);
  ChannelTypeFact T;
  T.Bounded = getBool(J, "bounded", P);
  T.Name = getString(J, "name", P);
  T.Origin = getString(J, "origin", P);
  return T;
}

const std::pair<const char *, ChannelDirection> Directions[] = {
    {"receive", ChannelDirection::Receive}, {"send", ChannelDirection::Send}};

template <class V> FunctionFact readFunction(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  FunctionFact F;
  F.Usr = getString(J, "usr", P);
  F.Name = getString(J, "name", P);
  F.QualifiedName = getString(J, "qualifiedName", P);
  F.Coroutine = getBool(J, "coroutine", P);
  F.Lambda = getBool(J, "lambda", P);
  readEach(J, "channelParams", P, F.ChannelParams,
           [](const V &Y, const Path &XP) {
             V X = getObject(Y, XP);
             ChannelParamFact C;
             C.Index = getCount32(X, "index", XP);
             C.Name = getString(X, "name", XP);
             C.Type = getString(X, "type", XP);
             C.Channel = getBool(X, "channel", XP);
             return C;
           });
  F.Loc = readRegion(J, "loc", P);
  return F;
}

template <class V> ChannelFact readChannel(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  static const std::pair<const char *, ChannelKind> Kinds[] = {
      {"field", ChannelKind::Field},
      {"global", ChannelKind::Global},
      {"local", ChannelKind::Local}};
  static const std::pair<const char *, CapacityFact::Kind> CapKinds[] = {
      {"constant", CapacityFact::Kind::Constant},
      {"unbounded", CapacityFact::Kind::Unbounded},
      {"unknown", CapacityFact::Kind::Unknown}};
  ChannelFact C;
  C.Kind = oneOf(J, "kind", P, Kinds);
  C.Usr = getString(J, "usr", P);
  C.Name = getString(J, "name", P);
  C.Type = readType(J, P);
  readEach(J, "capacities", P, C.Capacities, [](const V &Y, const Path &XP) {
    V X = getObject(Y, XP);
    CapacityFact Cap;
    Cap.K = oneOf(X, "kind", XP, CapKinds);
    if (Cap.K == CapacityFact::Kind::Constant)
      Cap.Value = getCount(X, "value", XP);
    if (Cap.K == CapacityFact::Kind::Unknown)
      Cap.Reason = getString(X, "reason", XP);
    return Cap;
  });
  C.Loc = readRegion(J, "loc", P);
  return C;
}

template <class V> OperationFact readOperation(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  OperationFact O;
  O.Function = getString(J, "function", P);
  O.Channel = readRef(getField(J, "channel", P), P.key("channel"));
  O.Type = readType(J, P);
  O.Direction = oneOf(J, "direction", P, Directions);
  O.Blocking = getBool(J, "blocking", P);
  O.Loop = getBool(J, "loop", P);
  O.Method = getString(J, "method", P);
  if (std::optional<V> Select = J.field("select")) {
    Path SP = P.key("select");
    V S = getObject(*Select, SP);
    SelectFact Sel;
    Sel.Id = getString(S, "id", SP);
    readEach(S, "others", SP, Sel.Others, [](const V &Y, const Path &XP) {
      V X = getObject(Y, XP);
      SelectPeerFact Peer;
      Peer.Channel = readRef(getField(X, "channel", XP), XP.key("channel"));
      Peer.Direction = oneOf(X, "direction", XP, Directions);
      Peer.Method = getString(X, "method", XP);
      return Peer;
    });
    O.Select = std::move(Sel);
  }
  O.Loc = readRegion(J, "loc", P);
  return O;
}

template <class V> EdgeFact readEdge(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  static const std::pair<const char *, EdgeKind> Kinds[] = {
      {"await", EdgeKind::Await},
      {"call", EdgeKind::Call},
      {"operand", EdgeKind::Operand},
      {"spawn", EdgeKind::Spawn}};
  EdgeFact E;
  E.Kind = oneOf(J, "kind", P, Kinds);
  E.Caller = getString(J, "caller", P);
  E.Callee = getString(J, "callee", P);
  E.CalleeName = getString(J, "calleeName", P);
  readEach(J, "args", P, E.Args, [](const V &Y, const Path &XP) {
    V X = getObject(Y, XP);
    EdgeArgFact A;
    A.Param = getCount32(X, "param", XP);
    A.Ref = readRef(getField(X, "ref", XP), XP.key("ref"));
    return A;
  });
  E.Loc = readRegion(J, "loc", P);
  return E;
}

template <class V> NoteFact readNote(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  NoteFact N;
  N.Loc = readRegion(J, "loc", P);
  N.Message = getString(J, "message", P);
  return N;
}

template <class V> HeldFact readHeld(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  HeldFact H;
  H.Enclosing = getString(J, "enclosing", P);
  H.FromChannel = getBool(J, "fromChannel", P);
  H.ReportedInTU = getBool(J, "reportedInTU", P);
  H.Key = getString(J, "key", P);
  H.Loc = readRegion(J, "loc", P);
  H.Message = getString(J, "message", P);
  readEach(J, "notes", P, H.Notes, readNote<V>);
  return H;
}

template <class V> SummaryFact readSummary(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  SummaryFact F;
  F.Function = getString(J, "function", P);
  F.Name = getString(J, "name", P);
  F.ReturnsTaken = getString(J, "returnsTaken", P);
  readEach(J, "held", P, F.Held, readHeld<V>);
  return F;
}

template <class V> OperandFact readOperand(const V &Val, const Path &P) {
  V J = getObject(Val, P);
  OperandFact O;
  O.Callee = getString(J, "callee", P);
  O.CalleeName = getString(J, "calleeName", P);
  O.DropsCompleted = getBool(J, "dropsCompleted", P);
  O.Enclosing = getString(J, "enclosing", P);
  O.EndsSession = getBool(J, "endsSession", P);
  O.Function = getString(J, "function", P);
  O.HeldHelp = getString(J, "heldHelp", P);
  O.Loc = readRegion(J, "loc", P);
  O.LossyBecause = getString(J, "lossyBecause", P);
  O.LossyHelp = getString(J, "lossyHelp", P);
  O.OperandNote = getString(J, "operandNote", P);
  O.SelectLoc = readRegion(J, "selectLoc", P);
  O.Spelling = getString(J, "spelling", P);
  return O;
}

/// Reads the facts object \p Val; nullopt when it is one of this version,
/// else the notification (another version, or malformed).
template <class V>
std::optional<ToolNotification> readFactsOf(const V &Val, TUFacts &Out,
                                            const std::string &FallbackTU) {
  std::string TU = FallbackTU;
  if (Val.isObject())
    if (std::optional<V> T = Val.field("tu"))
      if (T->isString())
        TU = std::string(T->string());
  try {
    Path Root;
    V O = getObject(Val, Root);
    V SV = getField(O, "schemaVersion", Root);
    std::optional<int64_t> Version = SV.integer();
    if (!Version)
      fail(Root.key("schemaVersion"),
           "expected an integer, got " + SV.describe());
    if (*Version != FactsSchemaVersion)
      return ToolNotification{
          TU,
          "facts of '" + TU + "' have schema version " +
              std::to_string(*Version) + ", expected " +
              std::to_string(FactsSchemaVersion) +
              "; regenerate them with this version of corosafe",
          Level::Warning, "corosafe-facts-version"};
    Out.SchemaVersion = FactsSchemaVersion;
    Out.TU = getString(O, "tu", Root);
    readEach(O, "functions", Root, Out.Functions, readFunction<V>);
    readEach(O, "channels", Root, Out.Channels, readChannel<V>);
    readEach(O, "operations", Root, Out.Operations, readOperation<V>);
    readEach(O, "edges", Root, Out.Edges, readEdge<V>);
    readEach(O, "summaries", Root, Out.Summaries, readSummary<V>);
    readEach(O, "operands", Root, Out.Operands, readOperand<V>);
  } catch (const Malformed &M) {
    return ToolNotification{TU,
                            "malformed facts of '" + TU + "': " +
                                (M.Where.empty() ? "" : M.Where + ": ") +
                                M.What,
                            Level::Warning, "corosafe-facts-malformed"};
  }
  return std::nullopt;
}

} // namespace

std::optional<ToolNotification> readFacts(const json &J, TUFacts &Out,
                                          const std::string &FallbackTU) {
  return readFactsOf(NValue{&J}, Out, FallbackTU);
}

bool readFactsFast(const simdjson::dom::element &J, TUFacts &Out) {
  return !readFactsOf(SValue{J}, Out, "");
}

} // namespace corosafe
