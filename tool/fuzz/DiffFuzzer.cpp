//===- DiffFuzzer.cpp - unified diffs (--diff) ----------------------------===//
#include "Diff.h"
#include "FuzzSupport.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  for (int Strip : {-1, 0, 1}) {
    ChangedLines Lines;
    std::string Err;
    bool Ok = parseUnifiedDiff(fuzz::asText(Data, Size), Strip, Lines, Err);
    FUZZ_CHECK(Ok || !Err.empty());
    if (Ok)
      for (const auto &[File, Set] : Lines)
        FUZZ_CHECK(Set.empty() || *Set.begin() >= 1); // 1-based lines
  }
  return 0;
}
