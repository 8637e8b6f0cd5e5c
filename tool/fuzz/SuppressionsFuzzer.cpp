//===- SuppressionsFuzzer.cpp - NOLINT and corosafe: ignore comments -----===//
#include "FuzzSupport.h"

#include "corosafe/Suppressions.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text = fuzz::asText(Data, Size);
  SuppressionIndex Index(Text);
  unsigned Lines = 1;
  for (char C : Text)
    Lines += C == '\n';
  for (const SuppressionComment &S : Index.comments()) {
    FUZZ_CHECK(S.Line >= 1 && S.Line <= Lines);
    FUZZ_CHECK(S.FirstLine <= S.LastLine);
    FUZZ_CHECK(S.Column >= 1 && S.Column <= S.EndColumn);
  }
  for (unsigned L = 0; L <= Lines + 1 && L < 64; ++L) {
    (void)Index.suppresses("corosafe-cancel-select", L);
    for (size_t I : Index.matching("corosafe-channel-cycle", L))
      FUZZ_CHECK(I < Index.comments().size());
  }
  (void)globMatches(Text, "corosafe-cancel-select");
  return 0;
}
