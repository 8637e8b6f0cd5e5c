//===- Process.h - run a helper program (git) -------------------*- C++ -*-===//
//
// The gate asks git for the changed lines and the repository's provenance.
// No shell is involved: the arguments go to execvp as they are.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_PROCESS_H
#define COROSAFE_CLI_PROCESS_H

#include <string>
#include <vector>

namespace corosafe {

/// Runs \p Argv (Argv[0] looked up in PATH) in directory \p Dir with stdin
/// from /dev/null, collecting its standard output into \p Out and its
/// standard error into \p ErrOut. Returns the exit status, or -1 when the
/// program could not be started or was killed by a signal.
int runProcess(const std::vector<std::string> &Argv, const std::string &Dir,
               std::string &Out, std::string &ErrOut);

} // namespace corosafe

#endif
