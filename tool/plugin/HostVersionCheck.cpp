//===- HostVersionCheck.cpp - refuse a clang-tidy of another LLVM version -===//
//
// A clang-tidy plugin takes every Clang and LLVM symbol from the clang-tidy
// that loads it, so it works only in the clang-tidy of the LLVM major version
// it was built against. In another one it may load, list its checks and
// silently report nothing (measured: the LLVM 19 plugin in clang-tidy-22).
//
// So, when the plugin is loaded and before anything registers with the host,
// this asks the host for its LLVM version and, on a different major version,
// prints one error naming both versions and ends clang-tidy with exit status
// 1. It uses no C++ API of the host (whose ABI is the thing that differs):
// the host's version comes from the C function LLVMGetVersion (libLLVM,
// LLVM >= 16), else from clang::getClangFullVersion(), looked up by name.
//
//===----------------------------------------------------------------------===//
#include "llvm/Config/llvm-config.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct HostVersion {
  bool Known = false;
  unsigned Major = 0;
  std::string Text; // "22.1.8"
};

HostVersion hostVersion() {
  HostVersion V;
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  if (void *Sym = dlsym(RTLD_DEFAULT, "LLVMGetVersion")) {
    unsigned Major = 0, Minor = 0, Patch = 0;
    reinterpret_cast<GetVersionFn>(Sym)(&Major, &Minor, &Patch);
    V.Known = true;
    V.Major = Major;
    V.Text = std::to_string(Major) + "." + std::to_string(Minor) + "." +
             std::to_string(Patch);
    return V;
  }
  // clang::getClangFullVersion() -> std::string ("Debian clang version 22.1.8 (...)").
  using FullVersionFn = std::string (*)();
  for (const char *Name : {"_ZN5clang19getClangFullVersionB5cxx11Ev",
                           "_ZN5clang19getClangFullVersionEv"}) {
    void *Sym = dlsym(RTLD_DEFAULT, Name);
    if (!Sym)
      continue;
    std::string Full = reinterpret_cast<FullVersionFn>(Sym)();
    std::string::size_type At = Full.find("version ");
    if (At == std::string::npos)
      continue;
    std::string Rest = Full.substr(At + 8);
    std::string::size_type End = Rest.find_first_not_of("0123456789.");
    V.Text = Rest.substr(0, End);
    V.Major = static_cast<unsigned>(std::strtoul(V.Text.c_str(), nullptr, 10));
    V.Known = V.Major != 0;
    if (V.Known)
      return V;
  }
  return V;
}

/// The path this plugin was loaded from, as given to -load.
std::string pluginPath() {
  static int Anchor;
  Dl_info Info;
  if (dladdr(&Anchor, &Info) && Info.dli_fname)
    return Info.dli_fname;
  return "libcorosafe-tidy-llvm" + std::to_string(LLVM_VERSION_MAJOR) + ".so";
}

// Priority 101: before the default-priority initializers of this object,
// among them the one that adds the corosafe module to clang-tidy's registry.
__attribute__((constructor(101))) void refuseForeignHost() {
  HostVersion Host = hostVersion();
  if (!Host.Known) {
    std::fprintf(stderr,
                 "warning: corosafe: cannot tell the LLVM version of this "
                 "clang-tidy; %s works only in clang-tidy %d (LLVM %s): check "
                 "with 'clang-tidy --version'\n",
                 pluginPath().c_str(), LLVM_VERSION_MAJOR, LLVM_VERSION_STRING);
    return;
  }
  if (Host.Major == LLVM_VERSION_MAJOR)
    return;
  std::fprintf(stderr,
               "error: corosafe: %s is built for clang-tidy %d (LLVM %s) and "
               "cannot run in this clang-tidy, which is LLVM %s: load "
               "libcorosafe-tidy-llvm%u.so instead (corosafe built with "
               "-DCOROSAFE_LLVM_VERSION=%u), or run clang-tidy-%d\n",
               pluginPath().c_str(), LLVM_VERSION_MAJOR, LLVM_VERSION_STRING,
               Host.Text.c_str(), Host.Major, Host.Major, LLVM_VERSION_MAJOR);
  std::fflush(stderr);
  std::fflush(stdout);
  // _Exit: the host's static destructors must not run from inside dlopen,
  // and nothing of clang-tidy's own work has started yet.
  std::_Exit(1);
}

} // namespace
