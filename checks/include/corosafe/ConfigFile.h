//===- ConfigFile.h - .corosafe.yaml ------------------------------*- C++
//-*-===//
//
// The configuration file, shared by the CLI and the clang-tidy plugin
// (docs/configuration.md):
//
//   Checks: "-*,corosafe-cancel-select,corosafe-channel-cycle"
//   WarningsAsErrors: "corosafe-channel-*"
//   CheckOptions: { corosafe-cancel-select.MaxDepth: 4 }
//   BuiltinProfiles: "asio"
//   Profiles: [profiles/acme.yaml]        # relative to this file
//   Profile:                              # an inline profile
//   (docs/profiles.md)
//     id: myproject
//     selects: [ { call: [first_of], cancels: losers, results: first-only } ]
//   Overrides:
//     - Paths: ["legacy/*"]               # relative to this file
//       Checks: "-corosafe-send-escape"
//
// `.corosafe.yaml` is found upward from each source file's directory, as
// clang-tidy finds `.clang-tidy`; `InheritParentConfig: true` merges it
// with the parent directory's. Read with LLVM's YAML I/O: JSON is YAML, so
// the older JSON --config-file keeps working. Every key is known; an
// unknown key, a value of the wrong type, a bad glob, regex or profile row
// is one error "FILE:LINE:COL: KEY: what is wrong".
//
// The interface uses no Clang or LLVM type.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CONFIGFILE_H
#define COROSAFE_CONFIGFILE_H

#include "corosafe/Profile.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
namespace yaml {
class IO;
}
} // namespace llvm

namespace corosafe {

constexpr std::string_view ConfigFileName = ".corosafe.yaml";

/// The option that carries the inline profiles of the effective
/// configuration to the profile loader (worker processes, the plugin): a
/// ';'-separated list of references "FILE#Profile" or "FILE#Overrides[N]".
constexpr std::string_view ConfigProfilesOption = "corosafe.ConfigProfiles";
/// The option that carries WarningsAsErrors (a clang-tidy glob list).
constexpr std::string_view WarningsAsErrorsOption = "corosafe.WarningsAsErrors";

/// The keys a configuration file and each of its Overrides entries may set.
struct ConfigKeys {
  std::optional<std::string> Checks, WarningsAsErrors, HeaderFilterRegex,
      CacheMaxSize, BuiltinProfiles;
  /// Absolute paths (written relative to the config file's directory).
  std::optional<std::vector<std::string>> Profiles;
  std::map<std::string, std::string> CheckOptions;
  /// Reference of the inline profile ("FILE#Profile", "FILE#Overrides[N]").
  std::optional<std::string> InlineProfile;
};

/// One entry of Overrides.
struct ConfigOverride {
  std::vector<std::string> Paths; ///< globs, relative to the config file
  ConfigKeys Keys;
};

/// One configuration file as read.
struct ConfigFile : ConfigKeys {
  std::string Path; ///< absolute
  std::string Dir;  ///< its directory, absolute
  bool InheritParentConfig = false;
  std::vector<ConfigOverride> Overrides;
};

/// The configuration that applies to one source file: the keys merged from
/// the chain of files and their matching Overrides.
struct EffectiveConfig {
  ConfigKeys Keys;
  /// Where they come from, farthest first: "FILE", "FILE Overrides[N]".
  std::vector<std::string> Sources;
  /// Every inline profile reference, farthest first (ConfigProfilesOption).
  std::vector<std::string> InlineProfiles;
};

/// Parses the text of a configuration file (\p Path names it in errors and
/// anchors relative paths). An empty file (or one holding only comments) is
/// an empty configuration.
bool parseConfigFile(std::string_view Text, const std::string &Path,
                     ConfigFile &Out, std::string &Err);

/// Reads and parses a configuration file.
bool readConfigFile(const std::string &Path, ConfigFile &Out, std::string &Err);

/// The chain of configuration files for \p SourceFile (absolute): the
/// nearest `.corosafe.yaml` upward from its directory, then, while a file
/// says InheritParentConfig, the next one above it; farthest first. When
/// \p Explicit is set (--config-file) the chain starts from that file
/// instead. Files are read once per process. An empty chain: no file.
bool configChain(const std::string &SourceFile, const std::string &Explicit,
                 std::vector<std::shared_ptr<const ConfigFile>> &Chain,
                 std::string &Err);

/// Merges \p Chain for \p SourceFile: per file, its keys and then those of
/// each Overrides entry whose Paths match the source (last match wins per
/// key; CheckOptions per option); then the files, farthest first, as
/// clang-tidy merges a parent configuration: Checks and WarningsAsErrors
/// are appended, Profiles and inline profiles accumulate, CheckOptions merge
/// per option, the other keys are replaced. An empty \p SourceFile applies
/// no Overrides.
EffectiveConfig
mergeConfig(const std::vector<std::shared_ptr<const ConfigFile>> &Chain,
            const std::string &SourceFile);

/// The rule options of an effective configuration: CheckOptions, plus
/// corosafe.Profiles, corosafe.BuiltinProfiles, corosafe.ConfigProfiles and
/// corosafe.WarningsAsErrors where set. Existing entries of \p Options win
/// (the command line's).
void configOptions(const EffectiveConfig &C,
                   std::map<std::string, std::string> &Options);

/// Reads the inline profile a reference of ConfigProfilesOption names.
/// \p Text receives the configuration file's text (for the profile digest).
bool readConfigProfile(const std::string &Ref, Profile &Out, std::string &Text,
                       std::string &Err);

/// Does rule \p Id match the clang-tidy style glob list \p Globs
/// ("-*,corosafe-*")? An empty list matches nothing.
bool ruleGlobsMatch(std::string_view Globs, std::string_view Id);

/// For the configuration reader: maps the optional inline profile at \p Key
/// of the mapping \p IO is reading, with the profile reader's own traits
/// (defined in ProfileLoader.cpp). \p BufferStart: the text, for the rows'
/// line numbers.
void mapConfigProfile(llvm::yaml::IO &IO, const char *Key,
                      std::optional<Profile> &P, const char *BufferStart);

} // namespace corosafe

#endif
