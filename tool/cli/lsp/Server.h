//===- Server.h - `corosafe lsp`, a language server beside clangd -*- C++ -*-===//
//
// clangd cannot load clang-tidy plugins, so editors whose C++ support is
// clangd run `corosafe lsp` as a second language server for C and C++ files.
// It speaks LSP over stdin/stdout (Transport.h) and publishes corosafe's
// findings as diagnostics of the files the editor opens, when they are
// opened and saved (docs/editors.md).
//
// One thread runs the message loop; analyses run in worker processes
// (`corosafe --worker`, Workers.h), polled by the same loop, so a slow or
// crashing TU never blocks or kills the server. Results go through the CLI's
// cache (Cache.h) and the CLI's merge (Runner.h: mergeResults), so the
// findings are those of `corosafe -p BUILD` and a project analysed once on
// the command line opens warm.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_LSP_SERVER_H
#define COROSAFE_CLI_LSP_SERVER_H

#include <string>
#include <vector>

namespace corosafe::lsp {

/// `corosafe lsp [options]`: runs the server until the client sends `exit`
/// or closes stdin. \p Args are the arguments after `lsp`; \p SelfPath is
/// this executable (for the workers). Returns the process exit status.
int runServer(const std::vector<std::string> &Args,
              const std::string &SelfPath);

} // namespace corosafe::lsp

#endif
