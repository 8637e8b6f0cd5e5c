//===- FactsSchema.cpp - typed facts <-> JSON, and their order ------------===//
//
// The one place that knows the JSON layout of the facts (docs/facts.md,
// schema 3: a string table and rows of integers): the serializer the
// collector's facts go through on their way to a facts file, the strict
// reader the merge reads them back with, and the facts order that makes
// every array deterministic. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#include "corosafe/FactsSchema.h"

#include "corosafe/FactsSimdjson.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <map>
#include <string_view>
#include <unordered_map>

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

// The names of the kinds (schema 2 spelled them so; the facts order compares
// them, and messages and docs name the codes by them).

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
// The order schema 2 sorted its JSON objects in, kept on the structs:
// nlohmann::json compares two objects as std::map<key, value>, pair by pair
// in key order, a key before its value. So the fields are compared in the
// byte order of their (schema 2) keys, and where the key sets differ (an
// optional "select", the keys of a reference's kind) the first differing key
// decides. test/unit/FactsTest.cpp checks it against those objects.

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

int cmp(const NoteFact &A, const NoteFact &B);
int cmp(const HeldFact &A, const HeldFact &B);

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

int cmp(const NoteFact &A, const NoteFact &B) {
  // loc, message
  if (int C = compareFacts(A.Loc, B.Loc))
    return C;
  return cmp(A.Message, B.Message);
}

int cmp(const HeldFact &A, const HeldFact &B) {
  // enclosing, fromChannel, key, loc, message, notes, reportedInTU
  if (int C = cmp(A.Enclosing, B.Enclosing))
    return C;
  if (int C = cmp(A.FromChannel, B.FromChannel))
    return C;
  if (int C = cmp(A.Key, B.Key))
    return C;
  if (int C = compareFacts(A.Loc, B.Loc))
    return C;
  if (int C = cmp(A.Message, B.Message))
    return C;
  if (int C = cmp(A.Notes, B.Notes))
    return C;
  return cmp(A.ReportedInTU, B.ReportedInTU);
}

} // namespace

int compareFacts(const SummaryFact &A, const SummaryFact &B) {
  // function, held, name, returnsTaken
  if (int C = cmp(A.Function, B.Function))
    return C;
  if (int C = cmp(A.Held, B.Held))
    return C;
  if (int C = cmp(A.Name, B.Name))
    return C;
  return cmp(A.ReturnsTaken, B.ReturnsTaken);
}

int compareFacts(const OperandFact &A, const OperandFact &B) {
  // callee, calleeName, dropsCompleted, enclosing, endsSession, function,
  // heldHelp, loc, lossyBecause, lossyHelp, operandNote, selectLoc,
  // spelling
  if (int C = cmp(A.Callee, B.Callee))
    return C;
  if (int C = cmp(A.CalleeName, B.CalleeName))
    return C;
  if (int C = cmp(A.DropsCompleted, B.DropsCompleted))
    return C;
  if (int C = cmp(A.Enclosing, B.Enclosing))
    return C;
  if (int C = cmp(A.EndsSession, B.EndsSession))
    return C;
  if (int C = cmp(A.Function, B.Function))
    return C;
  if (int C = cmp(A.HeldHelp, B.HeldHelp))
    return C;
  if (int C = compareFacts(A.Loc, B.Loc))
    return C;
  if (int C = cmp(A.LossyBecause, B.LossyBecause))
    return C;
  if (int C = cmp(A.LossyHelp, B.LossyHelp))
    return C;
  if (int C = cmp(A.OperandNote, B.OperandNote))
    return C;
  if (int C = compareFacts(A.SelectLoc, B.SelectLoc))
    return C;
  return cmp(A.Spelling, B.Spelling);
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

// --- codes ------------------------------------------------------------------
//
// The kinds and directions as the rows write them: the code is the position
// in its table (the names, in byte order, are for messages and docs).

namespace {

template <class E> using CodeTable = std::pair<const char *, E>;

const CodeTable<ChannelRef::Kind> RefKinds[] = {
    {"field", ChannelRef::Kind::Field},
    {"global", ChannelRef::Kind::Global},
    {"local", ChannelRef::Kind::Local},
    {"param", ChannelRef::Kind::Param},
    {"unknown", ChannelRef::Kind::Unknown}};

const CodeTable<CapacityFact::Kind> CapacityKinds[] = {
    {"constant", CapacityFact::Kind::Constant},
    {"unbounded", CapacityFact::Kind::Unbounded},
    {"unknown", CapacityFact::Kind::Unknown}};

const CodeTable<ChannelKind> ChannelKinds[] = {{"field", ChannelKind::Field},
                                               {"global", ChannelKind::Global},
                                               {"local", ChannelKind::Local}};

const CodeTable<ChannelDirection> Directions[] = {
    {"receive", ChannelDirection::Receive}, {"send", ChannelDirection::Send}};

const CodeTable<EdgeKind> EdgeKinds[] = {{"await", EdgeKind::Await},
                                         {"call", EdgeKind::Call},
                                         {"operand", EdgeKind::Operand},
                                         {"spawn", EdgeKind::Spawn}};

template <class E, size_t N>
unsigned codeOf(E Value, const CodeTable<E> (&Table)[N]) {
  for (size_t I = 0; I < N; ++I)
    if (Table[I].second == Value)
      return static_cast<unsigned>(I);
  return 0; // every enumerator is in its table
}

} // namespace

// --- serializer ---------------------------------------------------------------
//
// {"schemaVersion", "tu", "strings", then one array of rows per kind of
// fact}. A row is a JSON array of integers and nested arrays; a string is
// its index in "strings", which holds each string once, in the order of
// first use as the rows are written (functions, channels, operations,
// edges, summaries, operands; in a row, left to right).

namespace {

class RowWriter {
public:
  OJson strings() { return std::move(Entries); }

  /// The index of \p S in the string table, adding it on first use.
  uint64_t str(const std::string &S) {
    auto [It, New] = Index.try_emplace(S, Index.size());
    if (New)
      Entries.push_back(entry(S));
    return It->second;
  }

  /// A new string's entry: [k, n, suffix] when it shares an ASCII prefix
  /// of MinShared bytes or more with earlier string k (the longest such
  /// prefix), else the string. A path (a string that starts with '/') is
  /// always written whole and lends no prefix: tools rewrite paths in facts
  /// files as text (the Bazel aspect maps the execution root to
  /// /proc/self/cwd, bazel/corosafe_tu.sh).
  OJson entry(const std::string &S) {
    if (!S.empty() && S[0] == '/')
      return S;
    auto Common = [&](const std::string &T) {
      size_t N = 0;
      while (N < S.size() && N < T.size() && S[N] == T[N] &&
             static_cast<unsigned char>(S[N]) < 0x80)
        ++N;
      return N;
    };
    size_t Best = 0;
    uint64_t From = 0;
    auto Try = [&](std::map<std::string, uint64_t>::const_iterator It) {
      size_t N = Common(It->first);
      if (N > Best || (N == Best && N && It->second < From)) {
        Best = N;
        From = It->second;
      }
    };
    // The longest common prefix with a set of strings is with one of the
    // two neighbours in their byte order.
    auto Next = Sorted.lower_bound(S);
    if (Next != Sorted.end())
      Try(Next);
    if (Next != Sorted.begin())
      Try(std::prev(Next));
    Sorted.emplace(S, Index.size() - 1);
    if (Best < MinShared)
      return S;
    return OJson::array({From, Best, S.substr(Best)});
  }

  static int flag(bool B) { return B ? 1 : 0; }

  /// file, line, column, endLine, endColumn
  void region(OJson &Row, const Region &R) {
    Row.push_back(str(R.File));
    Row.push_back(R.Line);
    Row.push_back(R.Column);
    Row.push_back(R.EndLine);
    Row.push_back(R.EndColumn);
  }

  OJson ref(const ChannelRef &R) {
    OJson J = OJson::array();
    J.push_back(codeOf(R.K, RefKinds));
    if (R.K == ChannelRef::Kind::Param) {
      J.push_back(str(R.Function));
      J.push_back(R.Index);
      J.push_back(str(R.Name));
    } else if (R.K != ChannelRef::Kind::Unknown) {
      J.push_back(str(R.Usr));
      J.push_back(str(R.Name));
    }
    return J;
  }

  /// name, origin, bounded (inline in the row)
  void type(OJson &Row, const ChannelTypeFact &T) {
    Row.push_back(str(T.Name));
    Row.push_back(str(T.Origin));
    Row.push_back(flag(T.Bounded));
  }

  OJson row(const FunctionFact &F) {
    OJson J = OJson::array({str(F.Usr), str(F.Name), str(F.QualifiedName),
                            flag(F.Coroutine), flag(F.Lambda)});
    OJson Params = OJson::array();
    for (const ChannelParamFact &P : F.ChannelParams)
      Params.push_back(
          OJson::array({P.Index, str(P.Name), str(P.Type), flag(P.Channel)}));
    J.push_back(std::move(Params));
    region(J, F.Loc);
    return J;
  }

  OJson row(const ChannelFact &C) {
    OJson J = OJson::array(
        {codeOf(C.Kind, ChannelKinds), str(C.Usr), str(C.Name)});
    type(J, C.Type);
    OJson Caps = OJson::array();
    for (const CapacityFact &X : C.Capacities) {
      OJson Cap = OJson::array({codeOf(X.K, CapacityKinds)});
      if (X.K == CapacityFact::Kind::Constant)
        Cap.push_back(X.Value);
      if (X.K == CapacityFact::Kind::Unknown)
        Cap.push_back(str(X.Reason));
      Caps.push_back(std::move(Cap));
    }
    J.push_back(std::move(Caps));
    region(J, C.Loc);
    return J;
  }

  OJson row(const OperationFact &O) {
    OJson J = OJson::array({str(O.Function)});
    J.push_back(ref(O.Channel));
    type(J, O.Type);
    J.push_back(codeOf(O.Direction, Directions));
    J.push_back(flag(O.Blocking));
    J.push_back(flag(O.Loop));
    J.push_back(str(O.Method));
    if (O.Select) {
      uint64_t Id = str(O.Select->Id);
      OJson Others = OJson::array();
      for (const SelectPeerFact &P : O.Select->Others) {
        OJson Peer = OJson::array({ref(P.Channel)});
        Peer.push_back(codeOf(P.Direction, Directions));
        Peer.push_back(str(P.Method));
        Others.push_back(std::move(Peer));
      }
      J.push_back(OJson::array({Id, std::move(Others)}));
    } else {
      J.push_back(OJson::array());
    }
    region(J, O.Loc);
    return J;
  }

  OJson row(const EdgeFact &E) {
    OJson J = OJson::array({codeOf(E.Kind, EdgeKinds), str(E.Caller),
                            str(E.Callee), str(E.CalleeName)});
    OJson Args = OJson::array();
    for (const EdgeArgFact &A : E.Args) {
      OJson Arg = OJson::array({A.Param});
      Arg.push_back(ref(A.Ref));
      Args.push_back(std::move(Arg));
    }
    J.push_back(std::move(Args));
    region(J, E.Loc);
    return J;
  }

  OJson row(const SummaryFact &F) {
    OJson J = OJson::array(
        {str(F.Function), str(F.Name), str(F.ReturnsTaken)});
    OJson Held = OJson::array();
    for (const HeldFact &H : F.Held) {
      OJson X = OJson::array({str(H.Key), str(H.Message), str(H.Enclosing),
                              flag(H.FromChannel), flag(H.ReportedInTU)});
      OJson Notes = OJson::array();
      for (const NoteFact &N : H.Notes) {
        OJson Note = OJson::array({str(N.Message)});
        region(Note, N.Loc);
        Notes.push_back(std::move(Note));
      }
      X.push_back(std::move(Notes));
      region(X, H.Loc);
      Held.push_back(std::move(X));
    }
    J.push_back(std::move(Held));
    return J;
  }

  OJson row(const OperandFact &O) {
    OJson J = OJson::array(
        {str(O.Function), str(O.Callee), str(O.CalleeName), str(O.Enclosing),
         str(O.Spelling), str(O.LossyBecause), str(O.OperandNote),
         str(O.LossyHelp), str(O.HeldHelp), flag(O.DropsCompleted),
         flag(O.EndsSession)});
    region(J, O.Loc);
    region(J, O.SelectLoc);
    return J;
  }

  template <class T> OJson rows(const std::vector<T> &V) {
    OJson A = OJson::array();
    for (const T &X : V)
      A.push_back(row(X));
    return A;
  }

private:
  static constexpr size_t MinShared = 8;
  std::unordered_map<std::string, uint64_t> Index;
  std::map<std::string, uint64_t> Sorted; ///< the same, in byte order
  OJson Entries = OJson::array();
};

} // namespace

OJson toJson(const TUFacts &F) {
  RowWriter W;
  OJson Functions = W.rows(F.Functions);
  OJson Channels = W.rows(F.Channels);
  OJson Operations = W.rows(F.Operations);
  OJson Edges = W.rows(F.Edges);
  OJson Summaries = W.rows(F.Summaries);
  OJson Operands = W.rows(F.Operands);
  OJson J = OJson::object();
  J["schemaVersion"] = F.SchemaVersion;
  J["tu"] = F.TU;
  J["strings"] = W.strings();
  J["functions"] = std::move(Functions);
  J["channels"] = std::move(Channels);
  J["operations"] = std::move(Operations);
  J["edges"] = std::move(Edges);
  J["summaries"] = std::move(Summaries);
  J["operands"] = std::move(Operands);
  return J;
}

// --- strict reader ------------------------------------------------------------
//
// One reader, written once over two DOMs: nlohmann's (readFacts: every
// check, with a message naming the place) and simdjson's (readFactsFast:
// the merge's hot path, which only says whether the object is well formed;
// the caller reads a malformed one again with readFacts for the message). A
// DOM is seen through a small value type: NValue (a nlohmann value) or
// SValue (a simdjson element).

namespace {

/// Where a value is in the facts object, rendered only for an error:
/// `operations[3][1][0]`.
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
  const json *J = nullptr;

  bool isObject() const { return J->is_object(); }
  bool isArray() const { return J->is_array(); }
  bool isString() const { return J->is_string(); }
  std::optional<NValue> field(const char *Key) const {
    auto It = J->find(Key);
    if (It == J->end())
      return std::nullopt;
    return NValue{&*It};
  }
  std::string_view string() const {
    return J->get_ref<const std::string &>();
  }
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
  /// The first \p N elements of an array of at least \p N.
  void prefix(size_t N, NValue *Out) const {
    for (size_t I = 0; I < N; ++I)
      Out[I] = NValue{&(*J)[I]};
  }
  template <class F> void each(F &&Fn) const {
    size_t I = 0;
    for (const json &X : *J)
      Fn(I++, NValue{&X});
  }
  std::string describe() const {
    const json &V = *J;
    if (V.is_null())
      return "null";
    if (V.is_number() || V.is_boolean())
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
  void prefix(size_t N, SValue *Out) const {
    simdjson::dom::array A;
    if (E.get(A))
      return;
    size_t I = 0;
    for (simdjson::dom::element X : A) {
      if (I == N)
        break;
      Out[I++] = SValue{X};
    }
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

template <class V> void expectArray(const V &Val, const Path &P) {
  if (!Val.isArray())
    fail(P, "expected an array, got " + Val.describe());
}

/// The longest row (an operand).
constexpr size_t MaxRow = 21;

/// The first \p N values of row \p Val (values after them are ignored).
template <class V> struct Row {
  std::array<V, MaxRow> X;
  const Path &P;

  Row(const V &Val, const Path &P, size_t N) : P(P) {
    expectArray(Val, P);
    size_t Size = Val.size();
    if (Size < N)
      fail(P, "expected an array of at least " + std::to_string(N) +
                  " values, got " + std::to_string(Size));
    Val.prefix(N, X.data());
  }
  const V &operator[](size_t I) const { return X[I]; }
};

/// Reads the rows of a facts object with the string table it refers to.
template <class V> class RowReader {
public:
  explicit RowReader(const V &Table, const Path &P) {
    expectArray(Table, P);
    Strings.reserve(Table.size());
    Table.each([&](size_t I, const V &S) {
      if (S.isString()) {
        Strings.push_back(S.string());
        return;
      }
      if (!S.isArray())
        fail(P.at(I), "expected a string or an array, got " + S.describe());
      Path EP = P.at(I);
      Row<V> R(S, EP, 3);
      std::optional<uint64_t> K = R[0].count();
      if (!K || *K >= I)
        fail(EP.at(0), "expected the index of an earlier string (below " +
                           std::to_string(I) + "), got " + R[0].describe());
      std::string_view From = Strings[*K];
      std::optional<uint64_t> N = R[1].count();
      if (!N || *N > From.size())
        fail(EP.at(1), "expected a prefix length of at most " +
                           std::to_string(From.size()) + " (string " +
                           std::to_string(*K) + "), got " + R[1].describe());
      if (*N < From.size() && (static_cast<unsigned char>(From[*N]) & 0xC0) ==
                                  0x80)
        fail(EP.at(1), "prefix length " + std::to_string(*N) +
                           " ends inside a character of string " +
                           std::to_string(*K));
      if (!R[2].isString())
        fail(EP.at(2), "expected a string, got " + R[2].describe());
      std::string_view Suffix = R[2].string();
      std::string &Joined = Owned.emplace_back();
      Joined.reserve(*N + Suffix.size());
      Joined.append(From.substr(0, *N));
      Joined.append(Suffix);
      Strings.push_back(Joined);
    });
  }

  std::string str(const Row<V> &R, size_t I) const {
    std::optional<uint64_t> C = R[I].count();
    if (!C)
      fail(R.P.at(I), "expected a string index, got " + R[I].describe());
    if (*C >= Strings.size())
      fail(R.P.at(I), "string index " + std::to_string(*C) +
                          " is out of range (the string table has " +
                          std::to_string(Strings.size()) + ")");
    return std::string(Strings[*C]);
  }

  static uint64_t count(const Row<V> &R, size_t I, uint64_t Max = UINT64_MAX) {
    std::optional<uint64_t> C = R[I].count();
    if (C && *C <= Max)
      return *C;
    fail(R.P.at(I), "expected a non-negative integer" +
                        std::string(Max == UINT_MAX ? " below 2^32" : "") +
                        ", got " + R[I].describe());
  }

  static unsigned count32(const Row<V> &R, size_t I) {
    return static_cast<unsigned>(count(R, I, UINT_MAX));
  }

  static bool flag(const Row<V> &R, size_t I) {
    std::optional<uint64_t> C = R[I].count();
    if (C && *C <= 1)
      return *C == 1;
    fail(R.P.at(I), "expected 0 or 1, got " + R[I].describe());
  }

  template <class E, size_t N>
  static E code(const Row<V> &R, size_t I, const CodeTable<E> (&Table)[N]) {
    std::optional<uint64_t> C = R[I].count();
    if (C && *C < N)
      return Table[*C].second;
    std::string List;
    for (size_t K = 0; K < N; ++K)
      List += (K ? ", " : "") + std::to_string(K) + " (" + Table[K].first +
              ")";
    fail(R.P.at(I), "expected one of " + List + ", got " + R[I].describe());
  }

  /// Five values from \p I: file, line, column, endLine, endColumn.
  Region region(const Row<V> &R, size_t I) const {
    Region Loc;
    Loc.File = str(R, I);
    Loc.Line = count32(R, I + 1);
    Loc.Column = count32(R, I + 2);
    Loc.EndLine = count32(R, I + 3);
    Loc.EndColumn = count32(R, I + 4);
    return Loc;
  }

  /// Reads array \p Val (at \p P) into \p Out, each element with \p Read.
  template <class T, class F>
  void list(const V &Val, const Path &P, std::vector<T> &Out, F &&Read) const {
    expectArray(Val, P);
    Out.clear();
    Out.reserve(Val.size());
    Val.each([&](size_t I, const V &X) { Out.push_back(Read(X, P.at(I))); });
  }

  /// Array \p Key of the facts object \p O, each row with \p Read.
  template <class T, class F>
  void rows(const V &O, const char *Key, const Path &Root, std::vector<T> &Out,
            F Read) const {
    list(getField(O, Key, Root), Root.key(Key), Out,
         [&](const V &X, const Path &P) { return (this->*Read)(X, P); });
  }

  // [kind, usr, name] (field, global, local), [kind, function, index,
  // name] (param) or [kind] (unknown)
  ChannelRef ref(const V &Val, const Path &P) const {
    ChannelRef Ref;
    Ref.K = code(Row<V>(Val, P, 1), 0, RefKinds);
    if (Ref.K == ChannelRef::Kind::Param) {
      Row<V> R(Val, P, 4);
      Ref.Function = str(R, 1);
      Ref.Index = count32(R, 2);
      Ref.Name = str(R, 3);
    } else if (Ref.K != ChannelRef::Kind::Unknown) {
      Row<V> R(Val, P, 3);
      Ref.Usr = str(R, 1);
      Ref.Name = str(R, 2);
    }
    return Ref;
  }

  ChannelTypeFact type(const Row<V> &R, size_t I) const {
    ChannelTypeFact T;
    T.Name = str(R, I);
    T.Origin = str(R, I + 1);
    T.Bounded = flag(R, I + 2);
    return T;
  }

  FunctionFact function(const V &Val, const Path &P) const {
    Row<V> R(Val, P, 11);
    FunctionFact F;
    F.Usr = str(R, 0);
    F.Name = str(R, 1);
    F.QualifiedName = str(R, 2);
    F.Coroutine = flag(R, 3);
    F.Lambda = flag(R, 4);
    list(R[5], P.at(5), F.ChannelParams, [&](const V &Y, const Path &YP) {
      Row<V> X(Y, YP, 4);
      ChannelParamFact C;
      C.Index = count32(X, 0);
      C.Name = str(X, 1);
      C.Type = str(X, 2);
      C.Channel = flag(X, 3);
      return C;
    });
    F.Loc = region(R, 6);
    return F;
  }

  ChannelFact channel(const V &Val, const Path &P) const {
    Row<V> R(Val, P, 12);
    ChannelFact C;
    C.Kind = code(R, 0, ChannelKinds);
    C.Usr = str(R, 1);
    C.Name = str(R, 2);
    C.Type = type(R, 3);
    list(R[6], P.at(6), C.Capacities, [&](const V &Y, const Path &YP) {
      CapacityFact Cap;
      Cap.K = code(Row<V>(Y, YP, 1), 0, CapacityKinds);
      if (Cap.K == CapacityFact::Kind::Constant)
        Cap.Value = count(Row<V>(Y, YP, 2), 1);
      if (Cap.K == CapacityFact::Kind::Unknown)
        Cap.Reason = str(Row<V>(Y, YP, 2), 1);
      return Cap;
    });
    C.Loc = region(R, 7);
    return C;
  }

  OperationFact operation(const V &Val, const Path &P) const {
    Row<V> R(Val, P, 15);
    OperationFact O;
    O.Function = str(R, 0);
    O.Channel = ref(R[1], P.at(1));
    O.Type = type(R, 2);
    O.Direction = code(R, 5, Directions);
    O.Blocking = flag(R, 6);
    O.Loop = flag(R, 7);
    O.Method = str(R, 8);
    Path SP = P.at(9);
    expectArray(R[9], SP);
    if (R[9].size()) {
      Row<V> S(R[9], SP, 2);
      SelectFact Sel;
      Sel.Id = str(S, 0);
      list(S[1], SP.at(1), Sel.Others, [&](const V &Y, const Path &YP) {
        Row<V> X(Y, YP, 3);
        SelectPeerFact Peer;
        Peer.Channel = ref(X[0], YP.at(0));
        Peer.Direction = code(X, 1, Directions);
        Peer.Method = str(X, 2);
        return Peer;
      });
      O.Select = std::move(Sel);
    }
    O.Loc = region(R, 10);
    return O;
  }

  EdgeFact edge(const V &Val, const Path &P) const {
    Row<V> R(Val, P, 10);
    EdgeFact E;
    E.Kind = code(R, 0, EdgeKinds);
    E.Caller = str(R, 1);
    E.Callee = str(R, 2);
    E.CalleeName = str(R, 3);
    list(R[4], P.at(4), E.Args, [&](const V &Y, const Path &YP) {
      Row<V> X(Y, YP, 2);
      EdgeArgFact A;
      A.Param = count32(X, 0);
      A.Ref = ref(X[1], YP.at(1));
      return A;
    });
    E.Loc = region(R, 5);
    return E;
  }

  SummaryFact summary(const V &Val, const Path &P) const {
    Row<V> R(Val, P, 4);
    SummaryFact F;
    F.Function = str(R, 0);
    F.Name = str(R, 1);
    F.ReturnsTaken = str(R, 2);
    list(R[3], P.at(3), F.Held, [&](const V &Y, const Path &YP) {
      Row<V> X(Y, YP, 11);
      HeldFact H;
      H.Key = str(X, 0);
      H.Message = str(X, 1);
      H.Enclosing = str(X, 2);
      H.FromChannel = flag(X, 3);
      H.ReportedInTU = flag(X, 4);
      list(X[5], YP.at(5), H.Notes, [&](const V &Z, const Path &ZP) {
        Row<V> N(Z, ZP, 6);
        NoteFact Note;
        Note.Message = str(N, 0);
        Note.Loc = region(N, 1);
        return Note;
      });
      H.Loc = region(X, 6);
      return H;
    });
    return F;
  }

  OperandFact operand(const V &Val, const Path &P) const {
    Row<V> R(Val, P, 21);
    OperandFact O;
    O.Function = str(R, 0);
    O.Callee = str(R, 1);
    O.CalleeName = str(R, 2);
    O.Enclosing = str(R, 3);
    O.Spelling = str(R, 4);
    O.LossyBecause = str(R, 5);
    O.OperandNote = str(R, 6);
    O.LossyHelp = str(R, 7);
    O.HeldHelp = str(R, 8);
    O.DropsCompleted = flag(R, 9);
    O.EndsSession = flag(R, 10);
    O.Loc = region(R, 11);
    O.SelectLoc = region(R, 16);
    return O;
  }

private:
  std::vector<std::string_view> Strings;
  std::deque<std::string> Owned; ///< the entries that share a prefix
};

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
    V TUValue = getField(O, "tu", Root);
    if (!TUValue.isString())
      fail(Root.key("tu"), "expected a string, got " + TUValue.describe());
    Out.TU = std::string(TUValue.string());
    Path StringsPath = Root.key("strings");
    RowReader<V> Rows(getField(O, "strings", Root), StringsPath);
    using R = RowReader<V>;
    Rows.rows(O, "functions", Root, Out.Functions, &R::function);
    Rows.rows(O, "channels", Root, Out.Channels, &R::channel);
    Rows.rows(O, "operations", Root, Out.Operations, &R::operation);
    Rows.rows(O, "edges", Root, Out.Edges, &R::edge);
    Rows.rows(O, "summaries", Root, Out.Summaries, &R::summary);
    Rows.rows(O, "operands", Root, Out.Operands, &R::operand);
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
