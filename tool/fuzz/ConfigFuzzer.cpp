//===- ConfigFuzzer.cpp - --config-file JSON ------------------------------===//
#include "Config.h"
#include "FuzzSupport.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ConfigFile C;
  std::string Err;
  bool Ok = parseConfigFile(fuzz::asText(Data, Size), "fuzz.json", C, Err);
  FUZZ_CHECK(Ok || !Err.empty()); // a rejected file always says why
  return 0;
}
