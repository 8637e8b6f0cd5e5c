//===- CacheCommand.cpp - corosafe cache stats|prune|clear ----------------===//
#include "Cache.h"
#include "CommandLine.h"
#include "Config.h"

#include <CLI/CLI.hpp>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <iostream>

namespace corosafe {

namespace {

std::string absolute(const std::string &P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  std::string R(S);
  while (R.size() > 1 && R.back() == '/')
    R.pop_back();
  return R;
}

std::string entries(uint64_t N) {
  return std::to_string(N) + (N == 1 ? " entry" : " entries");
}

std::string limitText(uint64_t Max) {
  return Max ? formatSize(Max) : std::string("no limit");
}

} // namespace

int runCacheCommand(std::vector<std::string> Args) {
  CLI::App App{"corosafe cache: shows, trims or empties the cache of TU "
               "results (docs/driver.md).\n\n"
               "  stats  entries and size of the cache, and its limit\n"
               "  prune  removes the least recently used entries until the "
               "cache fits --cache-max-size\n"
               "  clear  removes every entry",
               "corosafe cache"};
  App.get_formatter()->column_width(34);
  std::string Action, CacheDir, BuildDir, MaxSize, ConfigPath;
  App.add_option("action", Action, "stats, prune or clear")
      ->required()
      ->check(CLI::IsMember({"stats", "prune", "clear"}));
  App.add_option("--cache-dir", CacheDir,
                 "The cache (default: BUILD/.corosafe-cache with -p, else "
                 "$XDG_CACHE_HOME/corosafe)")
      ->type_name("DIR");
  App.add_option("-p,--build-path", BuildDir,
                 "Build directory whose cache is meant");
  App.add_option("--cache-max-size", MaxSize,
                 "The limit for prune and stats (500M, 2G; 0: no limit; "
                 "default 1G)")
      ->type_name("SIZE");
  App.add_option("--config-file", ConfigPath,
                 "Take CacheMaxSize from this JSON config file")
      ->type_name("FILE");
  if (std::optional<int> Done =
          parseCommandLine(App, std::move(Args), "corosafe cache"))
    return *Done;
  std::string From = "--cache-max-size";
  if (!ConfigPath.empty()) {
    ConfigFile C;
    std::string Err;
    if (!readConfigFile(ConfigPath, C, Err)) {
      std::cerr << "corosafe: error: " << Err << "\n";
      return 2;
    }
    if (C.CacheMaxSize && MaxSize.empty()) {
      MaxSize = *C.CacheMaxSize;
      From = "CacheMaxSize in config file '" + ConfigPath + "'";
    }
  }
  uint64_t Max = DefaultCacheMaxBytes;
  if (!MaxSize.empty() && !parseSize(MaxSize, Max)) {
    std::cerr << "corosafe: error: invalid " << From << ": '" << MaxSize
              << "' (expected a size such as 500M, 2G or 0 for no limit)\n";
    return 2;
  }
  std::string Dir = !CacheDir.empty()
                        ? absolute(CacheDir)
                        : defaultCacheDir(BuildDir.empty() ? ""
                                                           : absolute(BuildDir));
  if (Dir.empty()) {
    std::cerr << "corosafe: error: no cache directory: give --cache-dir or "
                 "-p, or set HOME\n";
    return 2;
  }
  if (!llvm::sys::fs::exists(Dir)) {
    if (Action == "stats")
      std::cout << "cache: " << Dir << " (does not exist)\nentries: 0\n"
                << "size: 0 bytes\nlimit: " << limitText(Max) << "\n";
    else
      std::cout << "corosafe: cache '" << Dir << "' does not exist\n";
    return 0;
  }
  if (!llvm::sys::fs::is_directory(Dir)) {
    std::cerr << "corosafe: error: cache '" << Dir << "' is not a directory\n";
    return 2;
  }
  if (Action == "stats") {
    CacheUsage U = cacheUsage(Dir);
    std::cout << "cache: " << Dir << "\nentries: " << U.Entries
              << "\nsize: " << formatSize(U.Bytes) << " (" << U.Bytes
              << " bytes)\nlimit: " << limitText(Max) << "\n";
    if (U.TempFiles)
      std::cout << "temporary files: " << U.TempFiles
                << " (left by interrupted runs; prune removes those older "
                   "than an hour)\n";
    return 0;
  }
  CacheUsage R = Action == "prune" ? pruneCache(Dir, Max) : clearCache(Dir);
  CacheUsage Left = cacheUsage(Dir);
  std::cout << "corosafe: removed " << entries(R.Entries) << " ("
            << formatSize(R.Bytes) << ")";
  if (R.TempFiles)
    std::cout << " and " << R.TempFiles << " temporary file"
              << (R.TempFiles == 1 ? "" : "s");
  std::cout << "; " << entries(Left.Entries) << " (" << formatSize(Left.Bytes)
            << ") left";
  if (Action == "prune")
    std::cout << ", limit " << limitText(Max);
  std::cout << "\n";
  return 0;
}

} // namespace corosafe
