//===- Cache.h - the TU result cache ---------------------------*- C++ -*-===//
//
// A TU whose inputs did not change is not parsed again: its findings and
// facts come from the cache. An entry is a facts file (TUResult.h) stored
// under DIR/<key[0:2]>/<key>.json, where the key is the xxh3 of
//
//   the tool version, the facts file schema version, the identity of the
//   corosafe executable (path, size, modification time: a rebuilt analyzer
//   never reads older results),
//   the configuration (enabled rules, rule options, header filter),
//   the TU's absolute path, the working directory and the final command line.
//
// The entry lists every file the TU read with the xxh3 of its contents; it
// is used only while all of them still have these contents. Entries are
// written atomically (temporary file + rename), so concurrent runs sharing a
// cache never read half a file. Only TUs analyzed successfully are stored.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_CACHE_H
#define COROSAFE_CLI_CACHE_H

#include "Runner.h"
#include "TUResult.h"

#include <map>
#include <string>

namespace corosafe {

class ResultCache {
public:
  /// \p BuildId identifies this build of corosafe.
  ResultCache(std::string Dir, std::string BuildId)
      : Dir(std::move(Dir)), BuildId(std::move(BuildId)) {}

  std::string key(const TUJob &Job, const AnalysisConfig &Config) const;

  /// The cached result of \p Job, if there is one and every file it depends
  /// on is unchanged.
  bool lookup(const TUJob &Job, const AnalysisConfig &Config, TUResult &Out);

  bool store(const TUJob &Job, const AnalysisConfig &Config, const TUResult &R,
             std::string &Err);

  const std::string &dir() const { return Dir; }

private:
  std::string pathFor(const std::string &Key) const;
  /// Content hash of a file, computed once per run.
  const std::string &currentHash(const std::string &Path);

  std::string Dir, BuildId;
  std::map<std::string, std::string> Hashes;
};

} // namespace corosafe

#endif
