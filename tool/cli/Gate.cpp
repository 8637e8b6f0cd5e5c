//===- Gate.cpp - baselines, diff mode, unused suppressions ---------------===//
// SKELETON: filled in by the gating work (issue 5).
#include "Gate.h"

#include <CLI/CLI.hpp>

namespace corosafe {

void addGateOptions(CLI::App &, GateOptions &) {}

bool applyGate(RunResult &, const GateOptions &, const std::string &,
               std::string &) {
  return true;
}

} // namespace corosafe
