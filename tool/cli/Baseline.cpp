//===- Baseline.cpp - reading baseline files ------------------------------===//
//
// The parser of --baseline files, apart from the rest of the gate so that it
// can be fuzzed alone (tool/fuzz/BaselineFuzzer.cpp).
//
//===----------------------------------------------------------------------===//
#include "Gate.h"

#include <nlohmann/json.hpp>

namespace corosafe {

std::string fingerprintKey(const std::string &FP) {
  return FP.substr(0, FP.find(':'));
}

bool parseBaseline(std::string_view Text, const std::string &Path,
                   std::map<std::string, unsigned> &Counts, std::string &Err) {
  nlohmann::json J = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                           /*allow_exceptions=*/false);
  auto Bad = [&](const std::string &Why) {
    Err = "malformed baseline '" + Path + "': " + Why;
    return false;
  };
  if (J.is_discarded())
    return Bad("not valid JSON");
  if (!J.is_object() || !J.contains("version") ||
      !J["version"].is_number_integer())
    return Bad("no \"version\"");
  if (J["version"].get<int>() != BaselineVersion)
    return Bad("version " + J["version"].dump() + " is not supported (" +
               std::to_string(BaselineVersion) + " is)");
  if (!J.contains("findings") || !J["findings"].is_array())
    return Bad("no \"findings\" array");
  for (const nlohmann::json &E : J["findings"]) {
    if (!E.is_object() || !E.contains("fingerprint") ||
        !E["fingerprint"].is_string())
      return Bad("a finding without a \"fingerprint\" string");
    std::string FP = E["fingerprint"].get<std::string>();
    std::string Key = fingerprintKey(FP);
    if (Key.size() != 16 ||
        Key.find_first_not_of("0123456789abcdef") != std::string::npos)
      return Bad("fingerprint '" + FP + "' is not " + FingerprintScheme);
    ++Counts[Key];
  }
  return true;
}


} // namespace corosafe
