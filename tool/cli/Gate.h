//===- Gate.h - baselines, diff mode, unused suppressions -------*- C++ -*-===//
//
// What a CI gate does with the findings of a run before they are printed:
// semantic fingerprints, baselines (--baseline / --write-baseline), diff mode
// (--diff-base REV, --diff FILE|-), unused suppressions. Clang-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_GATE_H
#define COROSAFE_CLI_GATE_H

#include "corosafe/Finding.h"

#include <string>

namespace CLI {
class App;
}

namespace corosafe {

struct GateOptions {
  // SKELETON: filled in by the gating work (issue 5).
};

/// Adds the gate's command-line options to \p App.
void addGateOptions(CLI::App &App, GateOptions &O);

/// Runs after the analysis and before any output. Returns false with \p Err
/// set on a usage or configuration error (exit status 2).
bool applyGate(RunResult &R, const GateOptions &O,
               const std::string &SourceRoot, std::string &Err);

} // namespace corosafe

#endif
