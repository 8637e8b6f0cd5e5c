//===- Cache.cpp - the TU result cache ------------------------------------===//
#include "Cache.h"

#include "corosafe/Facts.h"
#include "corosafe/Rules.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace corosafe {

std::string ResultCache::key(const TUJob &Job,
                             const AnalysisConfig &Config) const {
  std::string K = "corosafe";
  K += '\0';
  K += toolVersion();
  K += '\0';
  K += std::to_string(TUResultSchemaVersion);
  K += '\0';
  K += std::to_string(FactsSchemaVersion);
  K += '\0';
  K += BuildId;
  K += '\0';
  K += Config.toJson().dump();
  K += '\0';
  K += Job.File;
  K += '\0';
  K += Job.commandHash();
  return hashHex(K);
}

std::string ResultCache::pathFor(const std::string &Key) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key.substr(0, 2), Key + ".json");
  return std::string(P);
}

const std::string &ResultCache::currentHash(const std::string &Path) {
  auto It = Hashes.find(Path);
  if (It == Hashes.end())
    It = Hashes.emplace(Path, hashFile(Path)).first;
  return It->second;
}

bool ResultCache::lookup(const TUJob &Job, const AnalysisConfig &Config,
                         TUResult &Out) {
  std::string Err;
  TUResult R;
  if (!readTUResult(pathFor(key(Job, Config)), R, Err))
    return false; // no entry, or one from another version: a miss
  if (!R.Ok || R.File != Job.File || R.CommandHash != Job.commandHash() ||
      !(R.Config == Config) || R.Dependencies.empty())
    return false;
  for (const Dependency &D : R.Dependencies) {
    const std::string &H = currentHash(D.Path);
    if (H.empty() || H != D.Hash)
      return false;
  }
  Out = std::move(R);
  return true;
}

bool ResultCache::store(const TUJob &Job, const AnalysisConfig &Config,
                        const TUResult &R, std::string &Err) {
  if (!R.Ok)
    return true;
  return writeTUResult(R, pathFor(key(Job, Config)), Err);
}

} // namespace corosafe
