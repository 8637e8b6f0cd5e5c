//===- ProfileFuzzer.cpp - profile files (YAML, --profile) ----------------===//
//
// parseProfile (checks/lib/model/ProfileLoader.cpp) on arbitrary bytes: it
// either accepts the text or names the problem, starting with the file's
// name (and, for YAML and validation errors, line and column); it never
// crashes, leaks or reaches undefined behaviour. An accepted profile is
// parsed again from the same text with the same result (the loader keeps
// no state between files).
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "corosafe/ProfileLoader.h"

#include "llvm/ADT/StringRef.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text = fuzz::asText(Data, Size);
  llvm::StringRef Ref(Text.data(), Text.size());
  Profile P;
  std::string Err;
  bool Ok = parseProfile(Ref, "fuzz.yaml", P, Err);
  if (!Ok) {
    FUZZ_CHECK(Err.rfind("fuzz.yaml", 0) == 0); // names the file
    return 0;
  }
  FUZZ_CHECK(Err.empty());
  FUZZ_CHECK(P.Source == "fuzz.yaml");
  Profile Q;
  std::string Err2;
  FUZZ_CHECK(parseProfile(Ref, "fuzz.yaml", Q, Err2));
  FUZZ_CHECK(Q.Id == P.Id && Q.Title == P.Title);
  return 0;
}
