//===- BaselineFuzzer.cpp - baseline files (--baseline) -------------------===//
#include "FuzzSupport.h"
#include "Gate.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::map<std::string, unsigned> Counts;
  std::string Err;
  if (!parseBaseline(fuzz::asText(Data, Size), "fuzz.baseline.json", Counts,
                     Err)) {
    FUZZ_CHECK(!Err.empty());
    return 0;
  }
  for (const auto &[Key, N] : Counts)
    FUZZ_CHECK(Key.size() == 16 && N >= 1);
  return 0;
}
