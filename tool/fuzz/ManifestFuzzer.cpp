//===- ManifestFuzzer.cpp - facts manifests -------------------------------===//
#include "FuzzSupport.h"
#include "Manifest.h"

using namespace corosafe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  FactsManifest M;
  std::string Err;
  if (!parseManifest(fuzz::asText(Data, Size), M, Err)) {
    FUZZ_CHECK(!Err.empty());
    return 0;
  }
  for (const FactsManifest::Entry &E : M.Files)
    FUZZ_CHECK(!E.Path.empty() && E.Path[0] != '/');
  // Written back and read again: the same manifest.
  std::string Text = manifestText(M);
  fuzz::checkParses(Text);
  FactsManifest Again;
  FUZZ_CHECK(parseManifest(Text, Again, Err));
  FUZZ_CHECK(Again.Files.size() == M.Files.size());
  return 0;
}
