//===- ReplayMain.cpp - run a fuzz target's inputs without libFuzzer ------===//
//
// In the normal build each fuzz target is also linked with this main, as
// fuzz-replay-<target>: it runs LLVMFuzzerTestOneInput once on every file
// named on the command line (every file below a directory, in path order),
// so the seed corpora in test/fuzz/ (and every input that once crashed a
// target) are regression tests of the normal suite (test/fuzz/replay.test).
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

int main(int argc, char **argv) {
  namespace fs = std::filesystem;
  std::vector<std::string> Files;
  for (int I = 1; I < argc; ++I) {
    if (fs::is_directory(argv[I])) {
      for (const auto &E : fs::recursive_directory_iterator(argv[I]))
        if (E.is_regular_file())
          Files.push_back(E.path().string());
    } else {
      Files.push_back(argv[I]);
    }
  }
  std::sort(Files.begin(), Files.end());
  for (const std::string &F : Files) {
    std::ifstream In(F, std::ios::binary);
    if (!In) {
      std::fprintf(stderr, "cannot read '%s'\n", F.c_str());
      return 2;
    }
    std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)),
                               std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(Bytes.data(), Bytes.size());
  }
  std::printf("ran %zu inputs\n", Files.size());
  return 0;
}
