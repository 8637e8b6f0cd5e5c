//===- FactsTest.cpp - unit tests of the typed facts ----------------------===//
//
// corosafe/FactsSchema.h: the serializer (key names and order pinned by a
// golden text), the round trip through the strict reader, the facts order
// against nlohmann::json's own order of the serialized elements, and the
// reader's errors (one notification naming the TU and the key). Same
// conventions as OutputTest.cpp: every failed check prints
// "FAIL: <file>:<line>: <what>"; the program exits 1 if any failed.
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
  const std::string Loc = R"({"column":2,"endColumn":4,"endLine":3,"file":"/s/t.cpp","line":1})";
  CHECK_EQ(
      dump(F),
      std::string(R"({"channels":[{"capacities":[{"kind":"constant","value":3}],)"
                  R"("kind":"field","loc":)") +
          Loc +
          R"(,"name":"S::c","type":{"bounded":true,"name":"Chan","origin":"annotation"},"usr":"cu"}],)"
          R"("edges":[{"args":[{"param":2,"ref":{"kind":"field","name":"S::c","usr":"cu"}}],)"
          R"("callee":"v","calleeName":"v","caller":"u","kind":"await","loc":)" +
          Loc +
          R"(}],"functions":[{"channelParams":[{"channel":true,"index":2,"name":"p","type":"T &"}],)"
          R"("coroutine":false,"lambda":false,"loc":)" +
          Loc +
          R"(,"name":"n","qualifiedName":"q","usr":"u"}],)"
          R"("operands":[],"operations":[{"blocking":false,"channel":{"function":"u","index":2,"kind":"param","name":"p"},)"
          R"("direction":"send","function":"u","loc":)" +
          Loc +
          R"(,"loop":false,"method":"try_send","select":{"id":"group@/s/t.cpp:5:1","others":[{"channel":{"kind":"unknown"},)"
          R"("direction":"receive","method":"receive"}]},)"
          R"("type":{"bounded":true,"name":"Chan","origin":"annotation"}}],)"
          R"("schemaVersion":2,"summaries":[],"tu":"/s/t.cpp"})");

  // The keys are in the order nlohmann::json (a std::map) writes them, for
  // every shape.
  TUFacts S = sample();
  std::string Text = toJson(S).dump(1);
  CHECK_EQ(json::parse(Text).dump(1), Text);
  // Unknown capacity and unbounded capacity shapes.
  json J = json::parse(Text);
  // Channels in the facts order: no capacity (extern) first, then
  // "constant" before "unbounded".
  CHECK_EQ(J["channels"][0]["capacities"].dump(), std::string("[]"));
  CHECK_EQ(J["channels"][1]["capacities"][0].dump(),
           std::string(R"({"kind":"constant","value":4})"));
  CHECK_EQ(J["channels"][1]["capacities"][1].dump(),
           std::string(R"({"kind":"unknown","reason":"not a constant expression"})"));
  CHECK_EQ(J["channels"][2]["capacities"][0].dump(),
           std::string(R"({"kind":"unbounded"})"));
  CHECK_EQ(S.Channels[1].Capacities.size(), 2u); // the duplicate 4 is gone
  CHECK_EQ(S.Operations.size(), 2u);             // so is the duplicate send
  CHECK_EQ(S.Summaries.size(), 1u);              // and the duplicate summary
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
  // A key this reader does not know is ignored (a later addition).
  json Extra = json::parse(Text);
  Extra["operations"][0]["latency"] = "high";
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
    E.Kind = static_cast<EdgeKind>(pick(3));
    E.Caller = str();
    E.Callee = str();
    E.CalleeName = str();
    for (unsigned I = pick(3); I > 0; --I)
      E.Args.push_back({pick(2), ref()});
    E.Loc = region();
    return E;
  }
};

static int sign(int X) { return X < 0 ? -1 : X > 0; }

static int jsonOrder(const json &A, const json &B) {
  return A < B ? -1 : B < A ? 1 : 0;
}

/// compareFacts agrees with nlohmann::json's order of the serialized
/// elements on every pair, and canonicalize gives the order of a
/// std::set<json> (what the collector wrote before the typed schema).
template <class T>
static void checkOrder(const char *Array, std::vector<T> TUFacts::*Member,
                       const std::function<T()> &Make) {
  std::vector<T> Xs;
  for (int I = 0; I < 300; ++I)
    Xs.push_back(Make());
  std::vector<json> Js;
  for (const T &X : Xs) {
    TUFacts F;
    (F.*Member).push_back(X);
    Js.push_back(json::parse(toJson(F).dump())[Array][0]);
  }
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
  json Canon = json::parse(toJson(All).dump())[Array];
  std::set<json> Set;
  for (const T &X : Xs) {
    TUFacts One;
    (One.*Member).push_back(X);
    canonicalize(One); // inner arrays, as the collector sorts them
    Set.insert(json::parse(toJson(One).dump())[Array][0]);
  }
  CHECK_EQ(Canon.dump(), json(std::vector<json>(Set.begin(), Set.end())).dump());
}

static void testOrder() {
  Gen G;
  checkOrder<FunctionFact>("functions", &TUFacts::Functions,
                           [&] { return G.function(); });
  checkOrder<ChannelFact>("channels", &TUFacts::Channels,
                          [&] { return G.channel(); });
  checkOrder<OperationFact>("operations", &TUFacts::Operations,
                            [&] { return G.operation(); });
  checkOrder<EdgeFact>("edges", &TUFacts::Edges, [&] { return G.edge(); });
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
  CHECK_EQ(problemOf([](json &J) { J["schemaVersion"] = 99; }),
           std::string("corosafe-facts-version: facts of '/s/a.cpp' have "
                       "schema version 99, expected 2; regenerate them with "
                       "this version of corosafe [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J.erase("schemaVersion"); }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': schemaVersion: missing [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["schemaVersion"] = "1"; }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': schemaVersion: expected an integer, got "
                       "string \"1\" [/s/a.cpp]"));
  // Without "tu", the TU is the caller's (the facts file's main file).
  CHECK_EQ(problemOf([](json &J) { J.erase("tu"); }, "/s/file.cpp"),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/file.cpp': tu: missing [/s/file.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J = json::array(); }, "/s/file.cpp"),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/file.cpp': expected an object, got an array "
                       "[/s/file.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["edges"] = json::object(); }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': edges: expected an array, got an object "
                       "[/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][1]["channel"]["kind"] = 5; }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': operations[1].channel.kind: expected one "
                       "of \"field\", \"global\", \"local\", \"param\", "
                       "\"unknown\", got number 5 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["functions"][0]["loc"]["line"] = -1; }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': functions[0].loc.line: expected a "
                       "non-negative integer below 2^32, got number -1 "
                       "[/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) {
             J["functions"][1]["channelParams"] =
                 json::array({json{{"index", 0}}});
           }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': functions[1].channelParams[0].name: "
                       "missing [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) {
             J["channels"][1]["capacities"][0].erase("value");
           }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': channels[1].capacities[0].value: missing "
                       "[/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["channels"][0]["kind"] = "param"; }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': channels[0].kind: expected one of "
                       "\"field\", \"global\", \"local\", got string "
                       "\"param\" [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) {
             J["operations"][0]["select"]["others"][1]["direction"] = "both";
           }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': operations[0].select.others[1].direction: "
                       "expected one of \"receive\", \"send\", got string "
                       "\"both\" [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["edges"][2]["args"][1].erase("ref"); }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': edges[2].args[1].ref: missing [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) {
             J["edges"][0]["args"] = json::array({json::object()});
             J["edges"][0]["args"][0]["param"] = 1;
             J["edges"][0]["args"][0]["ref"] = {{"kind", "param"}};
           }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': edges[0].args[0].ref.function: missing "
                       "[/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) {
             J["summaries"][0]["held"][0]["fromChannel"] = "yes";
           }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': summaries[0].held[0].fromChannel: "
                       "expected true or false, got string \"yes\" "
                       "[/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operands"][0].erase("selectLoc"); }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': operands[0].selectLoc: missing "
                       "[/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) { J["operations"][0]["blocking"] = 1; }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': operations[0].blocking: expected true or "
                       "false, got number 1 [/s/a.cpp]"));
  CHECK_EQ(problemOf([](json &J) {
             J["channels"][1]["capacities"][0]["value"] = 1.5;
           }),
           std::string("corosafe-facts-malformed: malformed facts of "
                       "'/s/a.cpp': channels[1].capacities[0].value: expected "
                       "a non-negative integer, got number 1.5 [/s/a.cpp]"));
}

int main() {
  testSerializer();
  testRoundTrip();
  testOrder();
  testReaderErrors();
  std::printf("corosafe_facts_test: %u passed, %u failed\n", Passed, Failed);
  return Failed == 0 ? 0 : 1;
}
