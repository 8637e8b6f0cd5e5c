//===- OutputFuzzer.cpp - the JSON and SARIF writers ----------------------===//
//
// A run result made of arbitrary bytes (messages, paths, rule ids, notes,
// notifications: UTF-8 or not; columns anything, 0 included) must give JSON
// and SARIF that parse. What corosafe always fills in keeps that shape: rule
// ids and messages are not empty, lines start at 1; fields filled from a
// fixed set (baseline state, suppression kind, time stamps) take values of
// that set. With COROSAFE_FUZZ_SARIF_DIR set (the seed replay of
// test/fuzz/replay.test) each SARIF log is also written there as N.sarif,
// and the test validates it against the SARIF 2.1.0 schema and GitHub's
// ingestion rules.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "corosafe/Output.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <fstream>

using namespace corosafe;

namespace {

std::string str(FuzzedDataProvider &P) {
  return P.ConsumeRandomLengthString(64);
}

/// At least one byte (a rule id, a message).
std::string nonEmpty(FuzzedDataProvider &P) {
  std::string S = str(P);
  return S.empty() ? "m" : S;
}

/// Mostly absolute paths below the root, so the relative-URI code runs.
std::string path(FuzzedDataProvider &P) {
  switch (P.ConsumeIntegralInRange(0, 3)) {
  case 0:
    return "/src/" + str(P);
  case 1:
    return "/elsewhere/" + str(P);
  case 2:
    return "/src/" + str(P) + "/" + str(P) + ".cpp";
  default:
    return str(P);
  }
}

SourceRegion region(FuzzedDataProvider &P) {
  SourceRegion R;
  R.File = path(P);
  R.Line = P.ConsumeIntegralInRange<unsigned>(1, ~0u);
  R.Column = P.ConsumeIntegral<unsigned>();
  R.EndLine = P.ConsumeIntegral<unsigned>();
  R.EndColumn = P.ConsumeIntegral<unsigned>();
  return R;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  FuzzedDataProvider P(Data, Size);
  RunResult R;
  unsigned N = P.ConsumeIntegralInRange(0, 4);
  for (unsigned I = 0; I < N; ++I) {
    Finding F;
    F.RuleId = P.ConsumeBool() ? "corosafe-cancel-select" : nonEmpty(P);
    F.Lvl = static_cast<Level>(P.ConsumeIntegralInRange(0, 2));
    F.Loc = region(P);
    F.Message = nonEmpty(P);
    for (unsigned K = P.ConsumeIntegralInRange(0, 2); K > 0; --K)
      F.Notes.push_back({region(P), nonEmpty(P)});
    for (unsigned K = P.ConsumeIntegralInRange(0, 2); K > 0; --K)
      F.Flow.push_back({region(P), nonEmpty(P)});
    F.Help = str(P);
    F.Enclosing = str(P);
    F.MessageKey = str(P);
    if (P.ConsumeBool())
      F.Suppressed =
          Suppression{P.ConsumeBool() ? "inSource" : "external", str(P)};
    F.Fingerprint = str(P);
    F.BaselineState = P.PickValueInArray<const char *>(
        {"", "new", "unchanged", "updated", "absent"});
    R.Findings.push_back(std::move(F));
  }
  for (unsigned K = P.ConsumeIntegralInRange(0, 2); K > 0; --K)
    R.Notifications.push_back(
        {path(P), nonEmpty(P),
         static_cast<Level>(P.ConsumeIntegralInRange(0, 2)), nonEmpty(P)});
  R.TUsRequested = P.ConsumeIntegral<unsigned>();
  R.TUsFailed = P.ConsumeIntegral<unsigned>();
  R.AnalyzedFiles.push_back(path(P));
  R.CommandLine = {"corosafe", str(P)};
  R.WorkingDirectory = path(P);
  R.StartTimeUtc = P.ConsumeBool() ? "" : "2026-12-02T03:04:05Z";
  R.EndTimeUtc = P.ConsumeBool() ? "" : "2026-12-02T03:04:06Z";
  if (P.ConsumeBool())
    R.Vcs = RunResult::VersionControl{str(P), str(P), str(P), path(P)};
  R.AutomationId = str(P);
  OutputOptions O;
  O.SourceRoot = P.ConsumeBool() ? "/src" : "";
  O.OmitSuppressed = P.ConsumeBool();
  O.Limits.MaxResults = P.ConsumeIntegralInRange<size_t>(1, 5);
  O.Limits.MaxRelatedLocations = P.ConsumeIntegralInRange<size_t>(1, 3);
  O.Limits.MaxThreadFlowLocations = P.ConsumeIntegralInRange<size_t>(1, 3);
  fuzz::checkParses(dumpJson(toJson(R, O), 2));
  std::string Sarif = dumpJson(toSarif(R, O), 2);
  fuzz::checkParses(Sarif);
  if (const char *Dir = std::getenv("COROSAFE_FUZZ_SARIF_DIR")) {
    static unsigned Count = 0;
    std::ofstream(std::string(Dir) + "/" + std::to_string(++Count) +
                  ".sarif")
        << Sarif << "\n";
  }
  return 0;
}
