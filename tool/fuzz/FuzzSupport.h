//===- FuzzSupport.h - shared by the libFuzzer targets ----------*- C++ -*-===//
//
// A target traps (__builtin_trap: libFuzzer reports it as a crash and saves
// the input) when a property that must hold for every input does not.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_FUZZ_FUZZSUPPORT_H
#define COROSAFE_FUZZ_FUZZSUPPORT_H

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <string_view>

#define FUZZ_CHECK(Cond)                                                       \
  do {                                                                         \
    if (!(Cond)) {                                                             \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #Cond,          \
                   __FILE__, __LINE__);                                        \
      __builtin_trap();                                                        \
    }                                                                          \
  } while (0)

namespace corosafe::fuzz {

inline std::string_view asText(const uint8_t *Data, size_t Size) {
  return std::string_view(reinterpret_cast<const char *>(Data), Size);
}

/// Text written by corosafe must parse as JSON.
inline void checkParses(const std::string &Text) {
  FUZZ_CHECK(nlohmann::json::accept(Text));
}

} // namespace corosafe::fuzz

#endif
