//===- CompileDbFuzzer.cpp - compile_commands.json loading (-p) -----------===//
//
// The input is written as BUILD/compile_commands.json and loaded as `corosafe
// -p BUILD` loads it (loadJobs: Clang's JSON database, the selection, every
// command-line adjustment). Jobs must come out sorted and unique, each with
// an absolute file.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"
#include "Runner.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace corosafe;

namespace {

std::string buildDir() {
  static std::string Dir = [] {
    llvm::SmallString<128> D;
    if (llvm::sys::fs::createUniqueDirectory("corosafe_fuzz_compdb", D))
      std::abort();
    static std::string Remove(D);
    std::atexit([] { llvm::sys::fs::remove_directories(Remove); });
    return Remove;
  }();
  return Dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Dir = buildDir();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Dir + "/compile_commands.json", EC);
    if (EC)
      std::abort();
    OS << fuzz::asText(Data, Size);
  }
  RunOptions Opts;
  Opts.BuildDir = Dir;
  Opts.SourceRoot = Dir;
  std::vector<TUJob> Jobs;
  unsigned Skipped = 0;
  std::string Err;
  if (!loadJobs(Opts, Jobs, Skipped, Err)) {
    FUZZ_CHECK(!Err.empty());
    return 0;
  }
  for (size_t I = 0; I < Jobs.size(); ++I) {
    FUZZ_CHECK(!Jobs[I].File.empty() && Jobs[I].File[0] == '/');
    if (I > 0)
      FUZZ_CHECK(Jobs[I - 1].File < Jobs[I].File);
  }
  return 0;
}
