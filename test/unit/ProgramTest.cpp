//===- ProgramTest.cpp - the merge's interned facts (ProgramFacts) --------===//
//
// The whole-program step on ProgramFacts: the same findings whatever the
// order the TUs are added in; a header's facts seen from several TUs kept
// once; adding after finish(); capacities of one channel joined across TUs;
// the same result as the std::vector<TUFacts> entry point.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

#include "../../checks/core/program/Store.h"
#include "corosafe/Facts.h"

#include <algorithm>
#include <sstream>

using namespace corosafe;

namespace {

const char *Header = "/p/bus.h";
const std::vector<std::string> Rules = {"corosafe-channel-cycle",
                                        "corosafe-unbounded-channel"};

Region loc(const char *File, unsigned Line, unsigned Col = 3) {
  Region R;
  R.File = File;
  R.Line = Line;
  R.Column = Col;
  R.EndLine = Line;
  R.EndColumn = Col + 4;
  return R;
}

ChannelTypeFact chanType(bool Bounded = true) {
  return {"boost::asio::experimental::basic_channel", "asio", Bounded};
}

std::string fieldUsr(const char *Name) {
  return std::string("c:@S@Bus@FI@") + Name;
}

ChannelFact channel(const char *Name, unsigned Line, uint64_t Capacity) {
  ChannelFact C;
  C.Kind = ChannelKind::Field;
  C.Usr = fieldUsr(Name);
  C.Name = std::string("Bus::") + Name;
  C.Type = chanType();
  CapacityFact Cap;
  Cap.K = CapacityFact::Kind::Constant;
  Cap.Value = Capacity;
  C.Capacities.push_back(Cap);
  C.Loc = loc(Header, Line);
  return C;
}

FunctionFact function(const std::string &Name, const char *File,
                      unsigned Line) {
  FunctionFact F;
  F.Usr = "c:@F@" + Name + "#";
  F.Name = Name;
  F.QualifiedName = Name;
  F.Coroutine = true;
  F.Loc = loc(File, Line);
  return F;
}

OperationFact op(const std::string &Fn, const char *Chan,
                 ChannelDirection D, const char *File, unsigned Line) {
  OperationFact O;
  O.Function = "c:@F@" + Fn + "#";
  O.Channel = ChannelRef::field(fieldUsr(Chan), std::string("Bus::") + Chan);
  O.Type = chanType();
  O.Direction = D;
  O.Loop = true;
  O.Method = D == ChannelDirection::Send ? "async_send" : "async_receive";
  O.Loc = loc(File, Line);
  return O;
}

/// Every TU sees the header's two channels (as a header's fields are) and
/// an inline helper declared there.
TUFacts tu(const char *File, uint64_t CapacityOfA) {
  TUFacts F;
  F.TU = File;
  F.Channels.push_back(channel("a", 3, CapacityOfA));
  F.Channels.push_back(channel("b", 4, 4));
  F.Functions.push_back(function("helper", Header, 9));
  return F;
}

/// A ring over three TUs: stage1 (a -> b), stage2 (b -> a), main spawns
/// both. main.cpp gives 'a' another capacity.
std::vector<TUFacts> ring() {
  TUFacts S1 = tu("/p/s1.cpp", 4);
  S1.Functions.push_back(function("stage1", "/p/s1.cpp", 5));
  S1.Operations.push_back(
      op("stage1", "a", ChannelDirection::Receive, "/p/s1.cpp", 7));
  S1.Operations.push_back(
      op("stage1", "b", ChannelDirection::Send, "/p/s1.cpp", 8));
  TUFacts S2 = tu("/p/s2.cpp", 4);
  S2.Functions.push_back(function("stage2", "/p/s2.cpp", 5));
  S2.Operations.push_back(
      op("stage2", "b", ChannelDirection::Receive, "/p/s2.cpp", 7));
  S2.Operations.push_back(
      op("stage2", "a", ChannelDirection::Send, "/p/s2.cpp", 8));
  TUFacts M = tu("/p/main.cpp", 8);
  M.Functions.push_back(function("main_task", "/p/main.cpp", 5));
  for (const char *Stage : {"stage1", "stage2"}) {
    EdgeFact E;
    E.Kind = EdgeKind::Spawn;
    E.Caller = "c:@F@main_task#";
    E.Callee = std::string("c:@F@") + Stage + "#";
    E.CalleeName = Stage;
    E.Loc = loc("/p/main.cpp", Stage[5] == '1' ? 7 : 8);
    M.Edges.push_back(E);
  }
  std::vector<TUFacts> All{S1, S2, M};
  for (TUFacts &F : All)
    canonicalize(F);
  return All;
}

std::string text(const ProgramAnalysis &A) {
  std::ostringstream OS;
  for (const Finding &F : A.Findings) {
    OS << F.Loc.File << ":" << F.Loc.Line << ":" << F.Loc.Column << ": "
       << F.Message << " [" << F.RuleId << "]\n";
    for (const RelatedNote &N : F.Notes)
      OS << "  " << N.Loc.File << ":" << N.Loc.Line << ": " << N.Message
         << "\n";
  }
  for (const ToolNotification &N : A.Notifications)
    OS << "notification: " << N.Message << "\n";
  return OS.str();
}

void testOrderIndependence() {
  std::vector<TUFacts> All = ring();
  std::string Expected = text(analyzeProgram(All, Rules, {}));
  CHECK(Expected.find("blocks in a cycle of bounded channels") !=
        std::string::npos);
  // 'a' is 4 in two TUs and 8 in the third: joined, not the first seen.
  CHECK(Expected.find("capacity unknown: initializers differ (4, 8)") !=
        std::string::npos);
  std::vector<int> Order{0, 1, 2};
  unsigned Perms = 0;
  do {
    ProgramFacts P;
    for (int I : Order)
      P.add(TUFacts(All[I]));
    P.finish();
    CHECK_EQ(text(analyzeProgram(P, Rules, {})), Expected);
    ++Perms;
  } while (std::next_permutation(Order.begin(), Order.end()));
  CHECK_EQ(Perms, 6u);
}

void testDuplicatesKeptOnce() {
  std::vector<TUFacts> All = ring();
  ProgramFacts P;
  for (const TUFacts &F : All)
    P.add(TUFacts(F));
  const program::Store &S = P.store();
  // 'b' is declared alike in every TU: one record; 'a' differs in
  // main.cpp: two. The header's helper: one.
  CHECK_EQ(S.Chans.size(), 3u);
  CHECK_EQ(S.Fns.size(), 4u);
  CHECK_EQ(S.Ops.size(), 4u);
  CHECK_EQ(S.Edges.size(), 2u);
  // The same TU again, before and after finish(): nothing new.
  P.add(TUFacts(All[0]));
  CHECK_EQ(S.Ops.size(), 4u);
  P.finish();
  P.add(TUFacts(All[1]));
  CHECK_EQ(S.Chans.size(), 3u);
  CHECK_EQ(S.Fns.size(), 4u);
  CHECK_EQ(S.Ops.size(), 4u);
  CHECK_EQ(P.size(), 5u);
  P.finish();
  CHECK_EQ(text(analyzeProgram(P, Rules, {})),
           text(analyzeProgram(All, Rules, {})));
}

/// corosafe-unbounded-channel on one TU: a producer 'accept' sends jobs to
/// an unbounded queue 'u' that 'worker' drains. With \p Ack the worker
/// answers on a bounded 'ack' that the producer waits for (it is paced);
/// with \p Lock the producer also takes 'u' as a lock (send, then receive:
/// no edge of the graph), so only a walk of the graph says it is paced.
std::string unbounded(bool Ack, bool Lock) {
  const char *F = "/p/q.cpp";
  TUFacts T;
  T.TU = F;
  ChannelFact U = channel("u", 3, 0);
  U.Type = chanType(/*Bounded=*/false);
  U.Capacities[0].K = CapacityFact::Kind::Unbounded;
  T.Channels.push_back(U);
  T.Channels.push_back(channel("ack", 4, 1));
  T.Functions.push_back(function("accept", F, 10));
  T.Functions.push_back(function("worker", F, 20));
  auto Op = [&](const char *Fn, const char *Chan, ChannelDirection D,
                unsigned Line) {
    OperationFact O = op(Fn, Chan, D, F, Line);
    if (Chan == std::string("u"))
      O.Type = chanType(false);
    T.Operations.push_back(O);
  };
  if (Lock) {
    Op("accept", "u", ChannelDirection::Send, 11);
    T.Operations.back().Loop = false;
    Op("accept", "u", ChannelDirection::Receive, 12);
  } else {
    Op("accept", "u", ChannelDirection::Send, 11);
  }
  Op("worker", "u", ChannelDirection::Receive, 21);
  if (Ack) {
    Op("worker", "ack", ChannelDirection::Send, 22);
    Op("accept", "ack", ChannelDirection::Receive, 13);
  }
  canonicalize(T);
  return text(analyzeProgram(std::vector<TUFacts>{T}, Rules, {}));
}

void testUnbounded() {
  std::string Unpaced = unbounded(/*Ack=*/false, /*Lock=*/false);
  CHECK(Unpaced.find("'accept' sends to unbounded 'Bus::u' and nothing "
                     "slows it down") != std::string::npos);
  CHECK(Unpaced.find("'worker' receives from 'Bus::u'") != std::string::npos);
  // The worker's answer paces the producer: silent.
  CHECK_EQ(unbounded(/*Ack=*/true, /*Lock=*/false), std::string());
  // The same through a lock's send, which is no edge of the graph.
  CHECK_EQ(unbounded(/*Ack=*/true, /*Lock=*/true), std::string());
  CHECK(unbounded(/*Ack=*/false, /*Lock=*/true)
            .find("sends to unbounded 'Bus::u'") != std::string::npos);
}

void testPool() {
  program::StringPool Pool;
  CHECK_EQ(Pool.intern(""), 0u);
  CHECK_EQ(Pool.find(""), 0u);
  CHECK(Pool.intern("first") != 0u); // 0 stays the empty string
  CHECK_EQ(Pool.str(0), "");
  std::vector<std::string> Strings;
  for (unsigned I = 0; I < 5000; ++I)
    Strings.push_back("c:@N@app@F@f" + std::to_string(I) + "#");
  Strings.push_back(std::string(3 << 20, 'x')); // longer than a chunk
  std::vector<program::Sym> Ids;
  for (const std::string &S : Strings)
    Ids.push_back(Pool.intern(S));
  bool Same = true, Found = true;
  for (size_t I = 0; I < Strings.size(); ++I) {
    Same &= Pool.str(Ids[I]) == Strings[I] && Pool.intern(Strings[I]) == Ids[I];
    Found &= Pool.find(Strings[I]) == Ids[I];
  }
  CHECK(Same);
  CHECK(Found);
  CHECK_EQ(Pool.size(), Strings.size() + 2);
  CHECK_EQ(Pool.find("not interned"), ~0u);
}

} // namespace

int main() {
  testOrderIndependence();
  testDuplicatesKeptOnce();
  testUnbounded();
  testPool();
  std::printf("%u passed, %u failed\n", Passed, Failed);
  return Failed ? 1 : 0;
}
