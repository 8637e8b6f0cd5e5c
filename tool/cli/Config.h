//===- Config.h - the --config-file JSON ------------------------*- C++ -*-===//
//
//   {"Checks": "-*,corosafe-cancel-select",
//    "CheckOptions": {"corosafe-cancel-select.MaxDepth": "4"},
//    "HeaderFilterRegex": "include/.*",
//    "CacheMaxSize": "2G",
//    "Profiles": ["profiles/acme.yaml"], "BuiltinProfiles": "asio"}
//
// Every key is optional; other keys are ignored (a clang-tidy configuration
// converted to JSON may have more). Option values may be strings or any
// other JSON value (taken as its JSON text). The command line wins over the
// file.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_CONFIG_H
#define COROSAFE_CLI_CONFIG_H

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

struct ConfigFile {
  std::optional<std::string> Checks, HeaderFilterRegex, CacheMaxSize,
      BuiltinProfiles;
  /// As written (relative to the config file's directory unless absolute).
  std::optional<std::vector<std::string>> Profiles;
  std::map<std::string, std::string> CheckOptions;
};

/// Parses the text of a config file; \p Path names it in errors, which say
/// the line and column of a syntax error or the key of a wrong value.
bool parseConfigFile(std::string_view Text, const std::string &Path,
                     ConfigFile &Out, std::string &Err);

/// Reads and parses a config file.
bool readConfigFile(const std::string &Path, ConfigFile &Out,
                    std::string &Err);

} // namespace corosafe

#endif
