//===- Manifest.cpp - what a --facts-dir run wrote ------------------------===//
#include "Manifest.h"

#include "corosafe/Output.h"
#include "corosafe/Rules.h"

#include <algorithm>
#include <set>

namespace corosafe {

std::string configHash(const AnalysisConfig &C) {
  return hashHex(dumpJson(C.toJson()));
}

std::string manifestText(FactsManifest M) {
  std::sort(M.Files.begin(), M.Files.end(),
            [](const FactsManifest::Entry &A, const FactsManifest::Entry &B) {
              return A.Path < B.Path;
            });
  nlohmann::ordered_json J;
  J["schema"] = ManifestSchema;
  J["schemaVersion"] = ManifestSchemaVersion;
  J["tool"] = {{"name", "corosafe"}, {"version", M.ToolVersion}};
  J["configHash"] = configHash(M.Config);
  J["config"] = M.Config.toJson();
  nlohmann::ordered_json Files = nlohmann::ordered_json::array();
  for (const FactsManifest::Entry &E : M.Files)
    Files.push_back({{"path", E.Path}, {"file", E.File}, {"xxh3", E.Hash}});
  J["files"] = std::move(Files);
  return dumpJson(J, 1) + "\n";
}

bool parseManifest(std::string_view Text, FactsManifest &Out,
                   std::string &Err) {
  nlohmann::json J = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (J.is_discarded()) {
    Err = "not JSON";
    return false;
  }
  auto Str = [&](const nlohmann::json &O, const char *Key, std::string &To) {
    auto It = O.find(Key);
    if (It == O.end() || !It->is_string()) {
      Err = std::string("key '") + Key + "' missing or not a string";
      return false;
    }
    To = It->get<std::string>();
    return true;
  };
  if (!J.is_object() || J.value("schema", nlohmann::json()) != ManifestSchema) {
    Err = std::string("not a corosafe facts manifest (no \"schema\": \"") +
          ManifestSchema + "\")";
    return false;
  }
  auto V = J.find("schemaVersion");
  if (V == J.end() || !V->is_number_integer() ||
      V->get<long long>() != ManifestSchemaVersion) {
    Err = "manifest schema version " +
          (V == J.end() ? std::string("missing") : V->dump()) +
          ", this corosafe reads version " +
          std::to_string(ManifestSchemaVersion);
    return false;
  }
  auto Tool = J.find("tool");
  if (Tool == J.end() || !Tool->is_object() ||
      !Str(*Tool, "version", Out.ToolVersion)) {
    Err = "key 'tool.version' missing or not a string";
    return false;
  }
  if (Out.ToolVersion != toolVersion()) {
    Err = "written by corosafe " + Out.ToolVersion + ", this is corosafe " +
          std::string(toolVersion());
    return false;
  }
  if (!Str(J, "configHash", Out.ConfigHash))
    return false;
  auto Config = J.find("config");
  bool ConfigOk = false;
  if (Config != J.end()) {
    try {
      ConfigOk = AnalysisConfig::fromJson(*Config, Out.Config);
    } catch (const std::exception &) {
      ConfigOk = false;
    }
  }
  if (!ConfigOk) {
    Err = "key 'config' missing or malformed";
    return false;
  }
  if (configHash(Out.Config) != Out.ConfigHash) {
    Err = "key 'configHash' does not match key 'config'";
    return false;
  }
  auto Files = J.find("files");
  if (Files == J.end() || !Files->is_array()) {
    Err = "key 'files' missing or not an array";
    return false;
  }
  std::set<std::string> Seen;
  Out.Files.clear();
  for (size_t I = 0; I < Files->size(); ++I) {
    const nlohmann::json &E = (*Files)[I];
    FactsManifest::Entry Entry;
    if (!E.is_object() || !Str(E, "path", Entry.Path) ||
        !Str(E, "file", Entry.File) || !Str(E, "xxh3", Entry.Hash)) {
      Err = "files[" + std::to_string(I) + "]: " +
            (E.is_object() ? Err : std::string("not an object"));
      return false;
    }
    bool DotDot = false;
    for (size_t B = 0; B <= Entry.Path.size();) {
      size_t E2 = std::min(Entry.Path.find('/', B), Entry.Path.size());
      DotDot |= Entry.Path.compare(B, E2 - B, "..") == 0;
      B = E2 + 1;
    }
    if (Entry.Path.empty() || Entry.Path[0] == '/' || DotDot) {
      Err = "files[" + std::to_string(I) + "]: key 'path' must be a path "
            "inside the facts directory, got '" + Entry.Path + "'";
      return false;
    }
    if (!Seen.insert(Entry.Path).second) {
      Err = "files[" + std::to_string(I) + "]: '" + Entry.Path +
            "' listed twice";
      return false;
    }
    Out.Files.push_back(std::move(Entry));
  }
  return true;
}

} // namespace corosafe
