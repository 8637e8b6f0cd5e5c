//===- FactsTest.cpp - unit tests of the typed facts ----------------------===//
//
// corosafe/FactsSchema.h: the serializer (rows and string table pinned by a
// golden text), the round trip through the strict reader, the facts order
// against nlohmann::json's own order of the elements written as the objects
// of schema 2 (which defined it), and the reader's errors (one notification
// naming the TU and the place). Same conventions as OutputTest.cpp: every
// failed check prints "FAIL: <file>:<line>: <what>"; the program exits 1 if
// any failed.
//
//===----------------------------------------------------------------------===//
#include "corosafe/FactsSchema.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace corosafe;
using nlohmann::json;

#include "Check.h"

static Region loc(unsigned Line, unsigned Col, const char *File = "/s/a.cpp") {
  return Region{File, Line, Col, Line, Col + 4};
}

/// One fact of each shape: every kind of channel reference, of capacity, of
/// channel and of edge, an operation in a select and one outside.
static TUFacts sample() {
  TUFacts F;
  F.TU = "/s/a.cpp";
  FunctionFact Fn;
  Fn.Usr = "c:@F@stage#&$@S@Bus#";
  Fn.Name = "stage";
  Fn.QualifiedName = "stage";
  Fn.Coroutine = true;
  Fn.ChannelParams = {{0, "bus", "Bus &", false}, {1, "out", "Chan &", true}};
  Fn.Loc = loc(3, 17);
  F.Functions.push_back(Fn);
  FunctionFact Lambda;
  Lambda.Usr = "c:a.cpp@90@F@main#@Sa@F@operator()#1";
  Lambda.Name = "lambda at line 9";
  Lambda.QualifiedName = "main()::(anonymous class)::operator()";
  Lambda.Coroutine = true;
  Lambda.Lambda = true;
  Lambda.Loc = loc(9, 3);
  F.Functions.push_back(Lambda);

  ChannelFact Field;
  Field.Kind = ChannelKind::Field;
  Field.Usr = "c:@S@Bus@FI@a_to_b";
  Field.Name = "Bus::a_to_b";
  Field.Type = {"boost::asio::experimental::basic_channel", "asio", true};
  CapacityFact Four;
  Four.K = CapacityFact::Kind::Constant;
  Four.Value = 4;
  CapacityFact Why;
  Why.Reason = "not a constant expression";
  Field.Capacities = {Why, Four, Four};
  Field.Loc = loc(5, 15, "/s/bus.h");
  F.Channels.push_back(Field);
  ChannelFact Queue;
  Queue.Kind = ChannelKind::Global;
  Queue.Usr = "c:@events";
  Queue.Name = "events";
  Queue.Type = {"app::EventQueue", "option", false};
  CapacityFact Unb;
  Unb.K = CapacityFact::Kind::Unbounded;
  Queue.Capacities = {Unb};
  Queue.Loc = loc(7, 11);
  F.Channels.push_back(Queue);
  ChannelFact Extern = Queue;
  Extern.Kind = ChannelKind::Local;
  Extern.Capacities.clear();
  F.Channels.push_back(Extern);

  OperationFact Send;
  Send.Function = Fn.Usr;
  Send.Channel = ChannelRef::field("c:@S@Bus@FI@a_to_b", "Bus::a_to_b");
  Send.Type = Field.Type;
  Send.Direction = ChannelDirection::Send;
  Send.Method = "async_send";
  Send.Loc = loc(6, 14);
  F.Operations.push_back(Send);
  OperationFact Raced = Send;
  Raced.Channel = ChannelRef::param(Fn.Usr, 1, "out");
  Raced.Direction = ChannelDirection::Receive;
  Raced.Method = "async_receive";
  Raced.Select = SelectFact{
      "or@/s/a.cpp:8:20",
      {{ChannelRef::local("c:a.cpp@x", "x"), ChannelDirection::Send,
        "async_send"},
       {ChannelRef::unknown(), ChannelDirection::Receive, "async_receive"}}};
  Raced.Loc = loc(8, 20);
  F.Operations.push_back(Raced);
  F.Operations.push_back(Send); // a duplicate: canonicalize drops it

  EdgeFact Spawn;
  Spawn.Kind = EdgeKind::Spawn;
  Spawn.Caller = "c:@F@main#";
  Spawn.Callee = Fn.Usr;
  Spawn.CalleeName = "stage";
  Spawn.Args = {{0, ChannelRef::global("c:@bus", "bus")},
                {1, ChannelRef::local("c:a.cpp@1@F@main#@q", "q")}};
  Spawn.Loc = loc(12, 3);
  F.Edges.push_back(Spawn);
  EdgeFact Await = Spawn;
  Await.Kind = EdgeKind::Await;
  Await.Args.clear();
  F.Edges.push_back(Await);
  EdgeFact Call = Await;
  Call.Kind = EdgeKind::Call;
  F.Edges.push_back(Call);
  EdgeFact Operand = Spawn;
  Operand.Kind = EdgeKind::Operand;
  F.Edges.push_back(Operand);

  SummaryFact Sum;
  Sum.Function = Fn.Usr;
  Sum.Name = "stage";
  Sum.ReturnsTaken = "async_receive";
  HeldFact Held;
  Held.Key = "held-value";
  Held.Message = "the value taken into 'm' ... is lost";
  Held.Enclosing = "stage";
  Held.Loc = loc(9, 5);
  Held.Notes = {{loc(8, 21), "'m' takes the value here"}};
  Held.FromChannel = true;
  Sum.Held = {Held};
  F.Summaries.push_back(Sum);
  F.Summaries.push_back(Sum); // a duplicate: canonicalize drops it
  OperandFact Op;
  Op.Function = "c:@F@main#";
  Op.Callee = Fn.Usr;
  Op.CalleeName = "stage";
  Op.Enclosing = "main";
  Op.Loc = loc(12, 13);
  Op.SelectLoc = loc(12, 24);
  Op.Spelling = "'||'";
  Op.LossyBecause = ", because it returns only the first completion";
  Op.OperandNote = "'stage' is an operand of this select";
  Op.LossyHelp = "fix: a";
  Op.HeldHelp = "fix: b";
  Op.DropsCompleted = true;
  F.Operands.push_back(Op);
  canonicalize(F);
  return F;
}

static std::string dump(const TUFacts &F) { return toJson(F).dump(); }

static void testSerializer() {
  // Key names and key order, pinned: the facts files of every earlier
  // corosafe (docs/facts.md) must stay byte-identical.
  TUFacts F;
  F.TU = "/s/t.cpp";
  FunctionFact Fn;
  Fn.Usr = "u";
  Fn.Name = "n";
  Fn.QualifiedName = "q";
  Fn.ChannelParams = {{2, "p", "T &", true}};
  Fn.Loc = Region{"/s/t.cpp", 1, 2, 3, 4};
  F.Functions.push_back(Fn);
  ChannelFact C;
  C.Kind = ChannelKind::Field;
  C.Usr = "cu";
  C.Name = "S::c";
  C.Type = {"Chan", "annotation", true};
  CapacityFact Cap;
  Cap.K = CapacityFact::Kind::Constant;
  Cap.Value = 3;
  C.Capacities = {Cap};
  C.Loc = Fn.Loc;
  F.Channels.push_back(C);
  OperationFact O;
  O.Function = "u";
  O.Channel = ChannelRef::param("u", 2, "p");
  O.Type = C.Type;
  O.Direction = ChannelDirection::Send;
  O.Blocking = false;
  O.Method = "try_send";
  O.Select = SelectFact{"group@/s/t.cpp:5:1",
                        {{ChannelRef::unknown(), ChannelDirection::Receive,
                          "receive"}}};
  O.Loc = Fn.Loc;
  F.Operations.push_back(O);
  EdgeFact E;
  E.Kind = EdgeKind::Await;
  E.Caller = "u";
  E.Callee = "v";
  E.CalleeName = "v";
  E.Args = {{2, ChannelRef::field("cu", "S::c")}};
  E.Loc = Fn.Loc;
  F.Edges.push_back(E);
  // Rows of integers, strings in the table in the order of first use.
  CHECK_EQ(dump(F),
           std::string(
               R"({"schemaVersion":3,"tu":"/s/t.cpp",)"
               R"("strings":["u","n","q","p","T &","/s/t.cpp","cu","S::c",)"
               R"("Chan","annotation","try_send","group@/s/t.cpp:5:1",)"
               R"("receive","v"],)"
               R"("functions":[[0,1,2,0,0,[[2,3,4,1]],5,1,2,3,4]],)"
               R"("channels":[[0,6,7,8,9,1,[[0,3]],5,1,2,3,4]],)"
               R"("operations":[[0,[3,0,2,3],8,9,1,1,0,0,10,[11,[[[4],0,12]]],5,1,2,3,4]],)"
               R"("edges":[[0,0,13,13,[[2,[0,6,7]]],5,1,2,3,4]],)"
               R"("summaries":[],"operands":[]})"));

  // Every shape: the capacities' kinds, an operation with no select.
  TUFacts S = sample();
  json J = json::parse(toJson(S).dump());
  const json &Str = J["strings"];
  auto Text = [&](const json &Index) {
    const json &E = Str[Index.get<size_t>()];
    if (E.is_string())
      return E.get<std::string>();
    return Str[E[0].get<size_t>()].get<std::string>().substr(
               0, E[1].get<size_t>()) +
           E[2].get<std::string>();
  };
  // Channels in the facts order: no capacity (extern) first, then
  // constant (0) before unknown (2), and unbounded (1).
  CHECK_EQ(J["channels"][0][6].dump(), std::string("[]"));
  CHECK_EQ(J["channels"][1][6][0].dump(), std::string("[0,4]"));
  CHECK_EQ(J["channels"][1][6][1][0].get<int>(), 2);
  CHECK_EQ(Text(J["channels"][1][6][1][1]),
           std::string("not a constant expression"));
  CHECK_EQ(J["channels"][2][6].dump(), std::string("[[1]]"));
  CHECK_EQ(S.Channels[1].Capacities.size(), 2u); // the duplicate 4 is gone
  CHECK_EQ(S.Operations.size(), 2u);             // so is the duplicate send
  CHECK_EQ(S.Summaries.size(), 1u);              // and the duplicate summary
  CHECK_EQ(J["operations"][1][9].dump(), std::string("[]")); // no select
  // A string that shares an ASCII prefix of 8 bytes or more with an earlier
  // one is written as [earlier, length, rest].
  TUFacts P;
  P.TU = "/s/p.cpp";
  FunctionFact G;
  G.Usr = "c:@N@app@F@stage_0#";
  G.Name = "stage_0";
  G.QualifiedName = "c:@N@app@F@stage_1#";
  G.Loc = Region{"c:@N@\u00e9x", 1, 1, 1, 1};
  P.Functions.push_back(G);
  CHECK_EQ(toJson(P)["strings"].dump(),
           std::string(R"(["c:@N@app@F@stage_0#","stage_0",[0,17,"1#"],)"
                       R"("c:@N@éx"])"));
  FunctionFact H = G;
  H.Loc.File = "c:@N@app\xc3\xa9";
  P.Functions = {H};
  // Only ASCII prefixes are shared: "c:@N@app" (8 bytes) is, with the
  // string next to it in byte order.
  CHECK_EQ(toJson(P)["strings"][3].dump(), std::string(R"([2,8,"é"])"));
  // Paths are written whole (tools rewrite them as text), and lend no
  // prefix.
  H.Usr = "/s/dir/a.cpp";
  H.Name = "/s/dir/b.cpp";
  H.QualifiedName = "/s/dir/b.cppx";
  P.Functions = {H};
  CHECK_EQ(toJson(P)["strings"].dump(),
           std::string(R"(["/s/dir/a.cpp","/s/dir/b.cpp","/s/dir/b.cppx",)"
                       R"("c:@N@appé"])"));
}

static void testRoundTrip() {
  TUFacts S = sample();
  std::string Text = toJson(S).dump(1);
  TUFacts Back;
  std::optional<ToolNotification> P = readFacts(json::parse(Text), Back);
  CHECK(!P.has_value());
  CHECK_EQ(toJson(Back).dump(1), Text);
  CHECK_EQ(Back.TU, std::string("/s/a.cpp"));
  CHECK_EQ(Back.Operations.size(), S.Operations.size());
  for (size_t I = 0; I < Back.Operations.size(); ++I)
    CHECK_EQ(compareFacts(Back.Operations[I], S.Operations[I]), 0);
  // A key this reader does not know is ignored (a later addition), and so
  // are values after those it knows at the end of a row or a nested row.
  json Extra = json::parse(Text);
  Extra["operations"][0].push_back("high");
  Extra["operations"][0][1].push_back(7);
  Extra["functions"][1][5][0].push_back(json::array());
  Extra["strings"][1] = json::array({0, 0, Extra["strings"][1], 9});
  Extra["newArray"] = json::array();
  TUFacts Y;
  CHECK(!readFacts(Extra, Y).has_value());
  CHECK_EQ(toJson(Y).dump(1), Text);
  // Canonical facts stay as they are.
  TUFacts C = Back;
  canonicalize(C);
  CHECK_EQ(toJson(C).dump(1), Text);
}

/// Random facts over small domains, so that most fields tie and the later
/// keys, the optional "select" and the reference kinds decide.
struct Gen {
  std::mt19937 R{12345};
  unsigned pick(unsigned N) { return std::uniform_int_distribution<unsigned>(0, N - 1)(R); }
  std::string str() {
    static const char *S[] = {"", "a", "b", "ab", "B", "a b"};
    return S[pick(6)];
  }
  Region region() {
    return Region{pick(2) ? "/a" : "/b", pick(2), pick(2), pick(2), pick(2)};
  }
  ChannelRef ref() {
    switch (pick(5)) {
    case 0:
      return ChannelRef::field(str(), str());
    case 1:
      return ChannelRef::global(str(), str());
    case 2:
      return ChannelRef::local(str(), str());
    case 3:
      return ChannelRef::param(str(), pick(3), str());
    }
    return ChannelRef::unknown();
  }
  ChannelTypeFact type() { return {str(), str(), pick(2) == 0}; }
  CapacityFact capacity() {
    CapacityFact C;
    C.K = static_cast<CapacityFact::Kind>(pick(3));
    if (C.K == CapacityFact::Kind::Constant)
      C.Value = pick(3);
    if (C.K == CapacityFact::Kind::Unknown)
      C.Reason = str();
    return C;
  }
  FunctionFact function() {
    FunctionFact F;
    F.Usr = str();
    F.Name = str();
    F.QualifiedName = str();
    F.Coroutine = pick(2);
    F.Lambda = pick(2);
    for (unsigned I = pick(3); I > 0; --I)
      F.ChannelParams.push_back({pick(2), str(), str(), pick(2) == 1});
    F.Loc = region();
    return F;
  }
  ChannelFact channel() {
    ChannelFact C;
    C.Kind = static_cast<ChannelKind>(pick(3));
    C.Usr = str();
    C.Name = str();
    C.Type = type();
    for (unsigned I = pick(3); I > 0; --I)
      C.Capacities.push_back(capacity());
    C.Loc = region();
    return C;
  }
  OperationFact operation() {
    OperationFact O;
    O.Function = str();
    O.Channel = ref();
    O.Type = type();
    O.Direction = static_cast<ChannelDirection>(pick(2));
    O.Blocking = pick(2);
    O.Method = str();
    if (pick(2)) {
      SelectFact S;
      S.Id = str();
      for (unsigned I = pick(3); I > 0; --I)
        S.Others.push_back(
            {ref(), static_cast<ChannelDirection>(pick(2)), str()});
      O.Select = S;
    }
    O.Loc = region();
    return O;
  }
  EdgeFact edge() {
    EdgeFact E;
    E.Kind = static_cast<EdgeKind>(pick(4));
    E.Caller = str();
    E.Callee = str();
    E.CalleeName = str();
    for (unsigned I = pick(3); I > 0; --I)
      E.Args.push_back({pick(2), ref()});
    E.Loc = region();
    return E;
  }
  SummaryFact summary() {
    SummaryFact S;
    S.Function = str();
    S.Name = str();
    S.ReturnsTaken = str();
    for (unsigned I = pick(3); I > 0; --I) {
      HeldFact H;
      H.Key = str();
      H.Message = str();
      H.Enclosing = str();
      H.Loc = region();
      for (unsigned K = pick(3); K > 0; --K)
        H.Notes.push_back({region(), str()});
      H.FromChannel = pick(2);
      H.ReportedInTU = pick(2);
      S.Held.push_back(H);
    }
    return S;
  }
  OperandFact operand() {
    OperandFact O;
    O.Function = str();
    O.Callee = str();
    O.CalleeName = str();
    O.Enclosing = str();
    O.Loc = region();
    O.SelectLoc = region();
    O.Spelling = str();
    O.LossyBecause = str();
    O.OperandNote = str();
    O.LossyHelp = str();
    O.HeldHelp = str();
    O.DropsCompleted = pick(2);
    O.EndsSession = pick(2);
    return O;
  }
};

namespace legacy {
// The elements as schema 2 wrote them: JSON objects, keys in byte order.
// The facts order is the order of these objects (nlohmann::json compares
// objects as maps), and compareFacts must keep it.
using OJson = nlohmann::ordered_json;

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

OJson obj(const FunctionFact &F) { return toJson(F); }
OJson obj(const ChannelFact &F) { return toJson(F); }
OJson obj(const OperationFact &F) { return toJson(F); }
OJson obj(const EdgeFact &F) { return toJson(F); }
OJson obj(const SummaryFact &F) { return toJson(F); }
OJson obj(const OperandFact &F) { return toJson(F); }
} // namespace legacy

static int sign(int X) { return X < 0 ? -1 : X > 0; }

static int jsonOrder(const json &A, const json &B) {
  return A < B ? -1 : B < A ? 1 : 0;
}

/// compareFacts agrees with nlohmann::json's order of the elements as
/// schema 2 objects on every pair, and canonicalize gives the order of a
/// std::set<json> of them (what the collector wrote before the typed
/// schema), with each inner array sorted.
template <class T>
static void checkOrder(std::vector<T> TUFacts::*Member,
                       const std::function<T()> &Make) {
  std::vector<T> Xs;
  for (int I = 0; I < 300; ++I)
    Xs.push_back(Make());
  std::vector<json> Js;
  for (const T &X : Xs)
    Js.push_back(json::parse(legacy::obj(X).dump()));
  unsigned Mismatches = 0;
  for (size_t I = 0; I < Xs.size(); ++I)
    for (size_t K = 0; K < Xs.size(); ++K) {
      int C = sign(compareFacts(Xs[I], Xs[K]));
      Mismatches += C != jsonOrder(Js[I], Js[K]);
    }
  CHECK_EQ(Mismatches, 0u);
  TUFacts All;
  All.*Member = Xs;
  canonicalize(All);
  json Canon = json::array();
  for (const T &X : All.*Member)
    Canon.push_back(json::parse(legacy::obj(X).dump()));
  std::set<json> Set;
  for (const T &X : Xs) {
    TUFacts One;
    (One.*Member).push_back(X);
    canonicalize(One); // inner arrays, as the collector sorts them
    Set.insert(json::parse(legacy::obj((One.*Member)[0]).dump()));
  }
  CHECK_EQ(Canon.dump(), json(std::vector<json>(Set.begin(), Set.end())).dump());
  // The rows are written in that order.
  TUFacts Back;
  CHECK(!readFacts(json::parse(toJson(All).dump()), Back).has_value());
  CHECK_EQ(toJson(Back).dump(), toJson(All).dump());
}

static void testOrder() {
  Gen G;
  checkOrder<FunctionFact>(&TUFacts::Functions, [&] { return G.function(); });
  checkOrder<ChannelFact>(&TUFacts::Channels, [&] { return G.channel(); });
  checkOrder<OperationFact>(&TUFacts::Operations,
                            [&] { return G.operation(); });
  checkOrder<EdgeFact>(&TUFacts::Edges, [&] { return G.edge(); });
  checkOrder<SummaryFact>(&TUFacts::Summaries, [&] { return G.summary(); });
  checkOrder<OperandFact>(&TUFacts::Operands, [&] { return G.operand(); });
}

/// Reads \p J (the sample, changed by \p Change) and returns the problem's
/// "id: message", or "" when it was read.
static std::string problemOf(const std::function<void(json &)> &Change,
                             const std::string &Fallback = "") {
  json J = json::parse(toJson(sample()).dump());
  Change(J);
  TUFacts F;
  std::optional<ToolNotification> P = readFacts(J, F, Fallback);
  if (!P)
    return "";
  CHECK(P->Lvl == Level::Warning);
  return P->Id + ": " + P->Message + " [" + P->File + "]";
}

static void testReaderErrors() {
  CHECK_EQ(problemOf([](json &) {}), std::string());
  const std::string Strings =
      std::to_string(json::parse(toJson(sample()).dump())["strings"].size());
  auto Expect = [&](std::string Text) {
    size_t At = Text.find("@N@");
    if (At != std::string::npos)
      Text.replace(At, 3, Strings);
    return Text;
  };
  CHECK_EQ(problemOf([](json &J) { J["schemaVersion"] = 99; }),
           Expect("corosafe-facts-version: facts of '/s/a.cpp' have schema version 99, expected 3; regenerate them with this version of corosafe [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J.erase("schemaVersion"); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': schemaVersion: missing [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["schemaVersion"] = "1"; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': schemaVersion: expected an integer, got string \"1\" [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J.erase("tu"); }, "/s/file.cpp"),
           Expect("corosafe-facts-malformed: malformed facts of '/s/file.cpp': tu: missing [/s/file.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J = json::array(); }, "/s/file.cpp"),
           Expect("corosafe-facts-malformed: malformed facts of '/s/file.cpp': expected an object, got an array [/s/file.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["edges"] = json::object(); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': edges: expected an array, got an object [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J.erase("strings"); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': strings: missing [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["strings"][2] = 5; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': strings[2]: expected a string or an array, got number 5 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["strings"][3] = {5, 0, "x"}; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': strings[3][0]: expected the index of an earlier string (below 3), got number 5 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["strings"][3] = {0, 99, "x"}; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': strings[3][1]: expected a prefix length of at most 36 (string 0), got number 99 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["strings"][3] = {2, 1, "x"}; J["strings"][2] = "\xc3\xa9"; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': strings[3][1]: prefix length 1 ends inside a character of string 2 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["strings"][3] = {0, 1}; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': strings[3]: expected an array of at least 3 values, got 2 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][1][0] = 99; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[1][0]: string index 99 is out of range (the string table has @N@) [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["functions"][0][1] = "n"; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': functions[0][1]: expected a string index, got string \"n\" [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { json &R = J["functions"][0]; R.erase(R.begin() + 7, R.end()); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': functions[0]: expected an array of at least 11 values, got 7 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][0] = json::object(); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[0]: expected an array, got an object [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][1][1][0] = 5; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[1][1][0]: expected one of 0 (field), 1 (global), 2 (local), 3 (param), 4 (unknown), got number 5 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["edges"][0][4] = json::parse("[[1,[3]]]"); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': edges[0][4][0][1]: expected an array of at least 4 values, got 1 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["edges"][2][0] = 7; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': edges[2][0]: expected one of 0 (await), 1 (call), 2 (operand), 3 (spawn), got number 7 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["channels"][0][0] = 3; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': channels[0][0]: expected one of 0 (field), 1 (global), 2 (local), got number 3 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["channels"][1][6][0] = {0}; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': channels[1][6][0]: expected an array of at least 2 values, got 1 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["channels"][1][6][0][1] = 1.5; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': channels[1][6][0][1]: expected a non-negative integer, got number 1.5 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["functions"][1][5][1][0] = -1; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': functions[1][5][1][0]: expected a non-negative integer below 2^32, got number -1 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][0][9][1][1][1] = 2; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[0][9][1][1][1]: expected one of 0 (receive), 1 (send), got number 2 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][0][9] = nullptr; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[0][9]: expected an array, got null [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][0][9] = {1}; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[0][9]: expected an array of at least 2 values, got 1 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][1][6] = true; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operations[1][6]: expected 0 or 1, got boolean true [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["summaries"][0][3][0][3] = 2; }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': summaries[0][3][0][3]: expected 0 or 1, got number 2 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["summaries"][0][3][0][5][0].erase(5); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': summaries[0][3][0][5][0]: expected an array of at least 6 values, got 5 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operands"][0].erase(20); }),
           Expect("corosafe-facts-malformed: malformed facts of '/s/a.cpp': operands[0]: expected an array of at least 21 values, got 20 [/s/a.cpp]"));
}

int main() {
  testSerializer();
  testRoundTrip();
  testOrder();
  testReaderErrors();
  std::printf("corosafe_facts_test: %u passed, %u failed\n", Passed, Failed);
  return Failed == 0 ? 0 : 1;
}
