//===- TextOutput.h - compiler-style text output ----------------*- C++ -*-===//
#ifndef COROSAFE_CLI_TEXTOUTPUT_H
#define COROSAFE_CLI_TEXTOUTPUT_H

#include "corosafe/Finding.h"

namespace llvm {
class raw_ostream;
}

namespace corosafe {

/// Prints the unsuppressed findings as Clang prints diagnostics:
/// `file:line:col: warning: message [rule]`, a caret snippet, then the notes.
/// Level note is printed as `remark:`. Paths are shown relative to
/// SourceRoot when they are below it.
void printText(const RunResult &R, llvm::raw_ostream &OS, bool Color,
               const std::string &SourceRoot);

} // namespace corosafe

#endif
