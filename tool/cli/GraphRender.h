//===- GraphRender.h - --graph: the task/channel picture --------*- C++ -*-===//
//
// Writes the picture of the whole-program graph (corosafe/Facts.h,
// ProgramGraphText): Graphviz source for ".dot"/".gv"; ".svg" and ".html"
// run Graphviz `dot` (found on PATH), which is why this lives in the CLI and
// not in the Clang-free core.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_GRAPHRENDER_H
#define COROSAFE_CLI_GRAPHRENDER_H

#include "corosafe/Facts.h"

#include <string>
#include <vector>

namespace corosafe {

/// Writes the task/channel graph of \p Facts, built with the rules'
/// \p Options (MaxTaskInstances, MaxCycles), to \p Path. Paths in labels are
/// relative to \p SourceRoot. Returns false with \p Err set on failure.
bool writeProgramGraph(const ProgramFacts &Facts,
                       const OptionMap &Options, const std::string &Path,
                       const std::string &SourceRoot, std::string &Err);

} // namespace corosafe

#endif
