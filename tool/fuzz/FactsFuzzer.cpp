//===- FactsFuzzer.cpp - facts files and the whole-program merge ---------===//
//
// The input is a facts file: read as corosafe merge reads it (fromJson), and
// when it is one, its typed facts (FactsSchema.h, read strictly: a bad
// facts object sets FactsProblem) are merged (analyzeProgram, the entry of
// checks/core/program/) with every whole-program rule enabled and drawn
// (ProgramGraphText, as --graph does). Whatever comes out must serialize to
// valid JSON.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"
#include "TUResult.h"

#include "corosafe/Facts.h"
#include "corosafe/Output.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text = fuzz::asText(Data, Size);
  nlohmann::json J = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                           /*allow_exceptions=*/false);
  // The merge's reader (simdjson first, nlohmann when it cannot decide)
  // must read exactly what nlohmann's reads.
  TUResult Fast;
  std::string FastErr;
  bool FastOk = parseTUResult(Text, Fast, FastErr);
  if (J.is_discarded()) {
    FUZZ_CHECK(!FastOk);
    return 0;
  }
  TUResult R;
  std::string Err;
  bool Ok = fromJson(J, R, Err);
  FUZZ_CHECK(Ok == FastOk);
  if (!Ok) {
    FUZZ_CHECK(!Err.empty());
    return 0;
  }
  FUZZ_CHECK(tuResultText(R) == tuResultText(Fast));
  FUZZ_CHECK(R.FactsProblem.has_value() == Fast.FactsProblem.has_value());
  if (R.FactsProblem)
    FUZZ_CHECK(R.FactsProblem->Message == Fast.FactsProblem->Message);
  fuzz::checkParses(tuResultText(R)); // written back: still a facts file
  if (R.FactsProblem)
    FUZZ_CHECK(!R.Facts && !R.FactsProblem->Message.empty());
  std::vector<TUFacts> Facts;
  if (R.Facts)
    Facts.push_back(*R.Facts);
  OptionMap Options(R.Config.Options.begin(), R.Config.Options.end());
  ProgramAnalysis PA = analyzeProgram(
      Facts, {"corosafe-channel-cycle", "corosafe-unbounded-channel"},
      Options);
  ProgramGraphText Graph(Facts, Options, "/");
  (void)Graph.dot();
  RunResult Run;
  Run.Findings = std::move(PA.Findings);
  Run.Notifications = std::move(PA.Notifications);
  fuzz::checkParses(dumpJson(toJson(Run, OutputOptions()), 2));
  return 0;
}
