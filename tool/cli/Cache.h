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
// The cache is bounded (--cache-max-size, default 1 GiB): a hit sets the
// entry's modification time to now, and a run that stored entries removes
// the least recently used ones (oldest modification time first) until the
// entries fit. Concurrent runs may prune the same cache: an entry removed
// under a reader is a miss for it, never a wrong result. `corosafe cache
// stats|prune|clear` (CacheCommand.cpp) inspects and trims it by hand.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_CACHE_H
#define COROSAFE_CLI_CACHE_H

#include "Runner.h"
#include "TUResult.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

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
  /// Entries stored by this run.
  unsigned stored() const { return Stored; }

private:
  std::string pathFor(const std::string &Key) const;
  /// Content hash of a file, computed once per run.
  const std::string &currentHash(const std::string &Path);

  std::string Dir, BuildId;
  std::map<std::string, std::string> Hashes;
  unsigned Stored = 0;
};

constexpr uint64_t DefaultCacheMaxBytes = uint64_t(1) << 30; // 1 GiB

/// Parses a size: a whole number of bytes with an optional binary suffix
/// K, M, G or T (optionally followed by "B" or "iB"; any case): "500M",
/// "2G", "1048576". 0 means no limit.
bool parseSize(const std::string &Text, uint64_t &Bytes);
/// "1.0 GiB", "512.0 KiB", "42 bytes".
std::string formatSize(uint64_t Bytes);

/// Default cache directory: BUILD/.corosafe-cache with a build directory,
/// else $XDG_CACHE_HOME/corosafe or ~/.cache/corosafe ("" when none).
std::string defaultCacheDir(const std::string &AbsBuildDir);

struct CacheUsage {
  uint64_t Entries = 0, Bytes = 0;
  uint64_t TempFiles = 0; // left by a run killed while writing
};

/// What the cache in \p Dir holds (entries are DIR/xx/<16 hex>.json).
CacheUsage cacheUsage(const std::string &Dir);

/// Removes the least recently used entries until the entries take at most
/// \p MaxBytes (0: no limit), and temporary files older than an hour.
/// Returns what was removed. Entries another run removed first are skipped.
CacheUsage pruneCache(const std::string &Dir, uint64_t MaxBytes);

/// Removes every entry and temporary file (and the emptied subdirectories);
/// files that are not the cache's are left alone.
CacheUsage clearCache(const std::string &Dir);

/// `corosafe cache stats|prune|clear [--cache-dir DIR | -p BUILD]
/// [--cache-max-size SIZE] [--config-file FILE]`; returns the exit status.
int runCacheCommand(std::vector<std::string> Args);

} // namespace corosafe

#endif
