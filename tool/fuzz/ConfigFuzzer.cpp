//===- ConfigFuzzer.cpp - .corosafe.yaml / --config-file ------------------===//
//
// The configuration reader (corosafe/ConfigFile.h): YAML and JSON, the
// inline profile, Overrides with their globs, and the merge of a parsed file
// with its Overrides for a few source paths.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"
#include "corosafe/ConfigFile.h"

#include <memory>

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  auto C = std::make_shared<ConfigFile>();
  std::string Err;
  bool Ok = parseConfigFile(fuzz::asText(Data, Size), "/fuzz/.corosafe.yaml",
                            *C, Err);
  FUZZ_CHECK(Ok || !Err.empty()); // a rejected file always says why
  if (!Ok)
    return 0;
  FUZZ_CHECK(C->Dir == "/fuzz");
  for (const char *Source :
       {"", "/fuzz/a.cpp", "/fuzz/src/legacy/b.cpp", "/elsewhere/c.cpp"}) {
    EffectiveConfig E = mergeConfig({C}, Source);
    FUZZ_CHECK(!E.Sources.empty() && E.Sources.front() == C->Path);
    std::map<std::string, std::string> Options;
    configOptions(E, Options);
    if (C->Checks)
      FUZZ_CHECK(E.Keys.Checks.has_value());
  }
  return 0;
}
