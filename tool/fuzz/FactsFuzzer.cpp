//===- FactsFuzzer.cpp - facts files and the whole-program merge ---------===//
//
// The input is a facts file: read as corosafe merge reads it (fromJson), and
// when it is one, its facts are merged (analyzeProgram, the one public entry
// of checks/lib/ChannelGraph.cpp) with every whole-program rule enabled.
// Whatever comes out must serialize to valid JSON.
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
  if (J.is_discarded())
    return 0;
  TUResult R;
  std::string Err;
  if (!fromJson(J, R, Err)) {
    FUZZ_CHECK(!Err.empty());
    return 0;
  }
  fuzz::checkParses(tuResultText(R)); // written back: still a facts file
  std::vector<nlohmann::json> Facts;
  if (!R.Facts.is_null())
    Facts.push_back(R.Facts);
  OptionMap Options(R.Config.Options.begin(), R.Config.Options.end());
  ProgramAnalysis PA = analyzeProgram(
      Facts, {"corosafe-channel-cycle", "corosafe-unbounded-channel"},
      Options);
  RunResult Run;
  Run.Findings = std::move(PA.Findings);
  Run.Notifications = std::move(PA.Notifications);
  fuzz::checkParses(dumpJson(toJson(Run, OutputOptions()), 2));
  return 0;
}
