//===- Runner.h - analyze translation units ----------------------*- C++ -*-===//
//
// Drives the rules of checks/ over translation units with Clang's tooling.
// Plain interface: no Clang types, so Main.cpp stays cheap to compile.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_RUNNER_H
#define COROSAFE_CLI_RUNNER_H

#include "corosafe/Finding.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corosafe {

struct RunOptions {
  std::string BuildDir;                 // -p
  std::vector<std::string> Files;       // positional files
  bool HaveFixedArgs = false;           // a "--" was given
  std::vector<std::string> FixedArgs;   // compiler arguments after "--"
  std::vector<std::string> ExtraArgs;   // --extra-arg
  std::vector<std::string> ExtraArgsBefore;
  std::string Checks;                   // glob list, clang-tidy syntax
  std::map<std::string, std::string> CheckOptions; // "rule.Key" -> value
  std::string HeaderFilter;             // regex; empty: main files only
  bool Verbose = false;
  bool Quiet = false;
};

/// Rule ids enabled by a clang-tidy style glob list ("-*,corosafe-*").
std::vector<std::string> enabledRules(const std::string &Checks);

/// Analyzes every requested TU; problems with single inputs become
/// notifications in Result. Returns false (with Error set) only when nothing
/// can be analyzed at all (no compilation database, malformed database).
bool runAnalysis(const RunOptions &Opts, RunResult &Result, std::string &Error);

} // namespace corosafe

#endif
