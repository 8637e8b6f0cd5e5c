//===- Cache.cpp - the TU result cache ------------------------------------===//
#include "Cache.h"

#include "corosafe/Facts.h"
#include "corosafe/Output.h"
#include "corosafe/Rules.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <tuple>
#include <vector>

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
  K += dumpJson(Config.toJson());
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
  // Used: the entry is the most recent for the LRU pruning.
  ::utimensat(AT_FDCWD, pathFor(key(Job, Config)).c_str(), nullptr, 0);
  Out = std::move(R);
  return true;
}

bool ResultCache::store(const TUJob &Job, const AnalysisConfig &Config,
                        const TUResult &R, std::string &Err) {
  if (!R.Ok)
    return true;
  if (!writeTUResult(R, pathFor(key(Job, Config)), Err))
    return false;
  ++Stored;
  return true;
}

bool parseSize(const std::string &Text, uint64_t &Bytes) {
  size_t I = 0;
  uint64_t N = 0;
  while (I < Text.size() && std::isdigit(static_cast<unsigned char>(Text[I]))) {
    unsigned D = Text[I] - '0';
    if (N > (UINT64_MAX - D) / 10)
      return false;
    N = N * 10 + D;
    ++I;
  }
  if (I == 0)
    return false;
  std::string Suffix;
  for (; I < Text.size(); ++I)
    Suffix += static_cast<char>(std::toupper(static_cast<unsigned char>(Text[I])));
  unsigned Shift = 0;
  if (!Suffix.empty() && Suffix != "B") {
    const std::string Units = "KMGT";
    size_t U = Units.find(Suffix[0]);
    std::string Rest = Suffix.substr(1);
    if (U == std::string::npos || !(Rest.empty() || Rest == "B" || Rest == "IB"))
      return false;
    Shift = 10 * (static_cast<unsigned>(U) + 1);
  }
  if (N > (UINT64_MAX >> Shift))
    return false;
  Bytes = N << Shift;
  return true;
}

std::string formatSize(uint64_t Bytes) {
  if (Bytes < 1024)
    return std::to_string(Bytes) + (Bytes == 1 ? " byte" : " bytes");
  const char *Units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double V = static_cast<double>(Bytes) / 1024;
  int U = 0;
  while (V >= 1024 && U < 5) {
    V /= 1024;
    ++U;
  }
  char Buf[32];
  std::snprintf(Buf, sizeof Buf, "%.1f %s", V, Units[U]);
  return Buf;
}

std::string defaultCacheDir(const std::string &AbsBuildDir) {
  if (!AbsBuildDir.empty())
    return AbsBuildDir + "/.corosafe-cache";
  if (const char *X = std::getenv("XDG_CACHE_HOME"); X && *X == '/')
    return std::string(X) + "/corosafe";
  if (const char *H = std::getenv("HOME"); H && *H == '/')
    return std::string(H) + "/.cache/corosafe";
  return "";
}

namespace {

struct CacheFile {
  std::string Path;
  uint64_t Size;
  int64_t MTimeNs;
  bool Temp;
};

bool isHex(llvm::StringRef S) {
  return llvm::all_of(S, [](char C) {
    return (C >= '0' && C <= '9') || (C >= 'a' && C <= 'f');
  });
}

/// The cache's own files: DIR/xx/<16 hex>.json entries and their
/// temporary files (<entry>.tmp-XXXXXXXX.json).
std::vector<CacheFile> listCache(const std::string &Dir,
                                 std::vector<std::string> *SubDirs = nullptr) {
  std::vector<CacheFile> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator D(Dir, EC), End; D != End && !EC;
       D.increment(EC)) {
    llvm::StringRef Sub = llvm::sys::path::filename(D->path());
    if (Sub.size() != 2 || !isHex(Sub))
      continue;
    if (SubDirs)
      SubDirs->push_back(D->path());
    std::error_code EC2;
    for (llvm::sys::fs::directory_iterator F(D->path(), EC2), FEnd;
         F != FEnd && !EC2; F.increment(EC2)) {
      llvm::StringRef Name = llvm::sys::path::filename(F->path());
      if (Name.size() < 21 || !Name.starts_with(Sub) ||
          !isHex(Name.take_front(16)))
        continue;
      llvm::StringRef Rest = Name.drop_front(16);
      bool Temp = Rest.starts_with(".json.tmp-");
      if (Rest != ".json" && !Temp)
        continue;
      struct stat St;
      if (::lstat(F->path().c_str(), &St) != 0 || !S_ISREG(St.st_mode))
        continue; // removed by another run meanwhile
      Files.push_back({F->path(), static_cast<uint64_t>(St.st_size),
                       int64_t(St.st_mtim.tv_sec) * 1000000000 +
                           St.st_mtim.tv_nsec,
                       Temp});
    }
  }
  return Files;
}

} // namespace

CacheUsage cacheUsage(const std::string &Dir) {
  CacheUsage U;
  for (const CacheFile &F : listCache(Dir)) {
    if (F.Temp) {
      ++U.TempFiles;
      continue;
    }
    ++U.Entries;
    U.Bytes += F.Size;
  }
  return U;
}

CacheUsage pruneCache(const std::string &Dir, uint64_t MaxBytes) {
  CacheUsage Removed;
  std::vector<CacheFile> Files = listCache(Dir);
  int64_t Now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  constexpr int64_t Hour = int64_t(3600) * 1000000000;
  std::vector<CacheFile> Entries;
  uint64_t Total = 0;
  for (CacheFile &F : Files) {
    if (F.Temp) {
      // Another run may be writing it right now: only stale ones go.
      if (Now - F.MTimeNs > Hour && !llvm::sys::fs::remove(F.Path))
        ++Removed.TempFiles;
      continue;
    }
    Total += F.Size;
    Entries.push_back(std::move(F));
  }
  if (MaxBytes == 0 || Total <= MaxBytes)
    return Removed;
  std::sort(Entries.begin(), Entries.end(),
            [](const CacheFile &A, const CacheFile &B) {
              return std::tie(A.MTimeNs, A.Path) < std::tie(B.MTimeNs, B.Path);
            });
  for (const CacheFile &F : Entries) {
    if (Total <= MaxBytes)
      break;
    Total -= F.Size;
    // Gone already (another run pruned it): it no longer counts either.
    if (!llvm::sys::fs::remove(F.Path, /*IgnoreNonExisting=*/false)) {
      ++Removed.Entries;
      Removed.Bytes += F.Size;
    }
  }
  return Removed;
}

CacheUsage clearCache(const std::string &Dir) {
  CacheUsage Removed;
  std::vector<std::string> SubDirs;
  for (const CacheFile &F : listCache(Dir, &SubDirs)) {
    if (llvm::sys::fs::remove(F.Path, /*IgnoreNonExisting=*/false))
      continue;
    if (F.Temp) {
      ++Removed.TempFiles;
    } else {
      ++Removed.Entries;
      Removed.Bytes += F.Size;
    }
  }
  for (const std::string &S : SubDirs)
    llvm::sys::fs::remove(S); // only when empty
  return Removed;
}

} // namespace corosafe
