//===- Config.cpp - the --config-file JSON --------------------------------===//
#include "Config.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace corosafe {

bool parseConfigFile(std::string_view Text, const std::string &Path,
                     ConfigFile &Out, std::string &Err) {
  nlohmann::json J;
  try {
    J = nlohmann::json::parse(Text.begin(), Text.end());
  } catch (const std::exception &E) {
    Err = "malformed config file '" + Path + "': " + E.what();
    return false;
  }
  if (!J.is_object()) {
    Err = "invalid config file '" + Path + "': not a JSON object";
    return false;
  }
  auto String = [&](const char *Key, std::optional<std::string> &To) {
    auto It = J.find(Key);
    if (It == J.end())
      return true;
    if (!It->is_string()) {
      Err = "invalid config file '" + Path + "': key '" + Key +
            "' must be a string";
      return false;
    }
    To = It->get<std::string>();
    return true;
  };
  if (!String("Checks", Out.Checks) ||
      !String("HeaderFilterRegex", Out.HeaderFilterRegex) ||
      !String("CacheMaxSize", Out.CacheMaxSize) ||
      !String("BuiltinProfiles", Out.BuiltinProfiles))
    return false;
  if (auto It = J.find("Profiles"); It != J.end()) {
    if (!It->is_array()) {
      Err = "invalid config file '" + Path +
            "': key 'Profiles' must be an array of strings";
      return false;
    }
    Out.Profiles.emplace();
    for (size_t I = 0; I < It->size(); ++I) {
      const nlohmann::json &F = (*It)[I];
      if (!F.is_string()) {
        Err = "invalid config file '" + Path + "': key 'Profiles[" +
              std::to_string(I) + "]' must be a string";
        return false;
      }
      Out.Profiles->push_back(F.get<std::string>());
    }
  }
  if (auto It = J.find("CheckOptions"); It != J.end()) {
    if (!It->is_object()) {
      Err = "invalid config file '" + Path +
            "': key 'CheckOptions' must be an object";
      return false;
    }
    for (auto &[K, V] : It->items())
      Out.CheckOptions.emplace(K, V.is_string() ? V.get<std::string>()
                                                : V.dump());
  }
  return true;
}

bool readConfigFile(const std::string &Path, ConfigFile &Out,
                    std::string &Err) {
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    Err = "cannot read config file '" + Path + "'";
    return false;
  }
  std::ostringstream SS;
  SS << In.rdbuf();
  return parseConfigFile(SS.str(), Path, Out, Err);
}

} // namespace corosafe
