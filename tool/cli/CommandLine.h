//===- CommandLine.h - one way to parse a subcommand's arguments -*- C++ -*-===//
//
// Every corosafe command (the run, merge, cache, lsp) parses its arguments
// with CLI11 the same way: --help prints the usage and exits 0, an error
// prints one line and where to find the usage and exits 2.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_COMMANDLINE_H
#define COROSAFE_CLI_COMMANDLINE_H

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace corosafe {

/// Parses \p Args (in command-line order) into \p App. Returns std::nullopt
/// to go on, or the exit status when the command is done: 0 after --help,
/// 2 after an error, which names \p Command ("corosafe merge") for its
/// usage.
inline std::optional<int> parseCommandLine(CLI::App &App,
                                           std::vector<std::string> Args,
                                           const std::string &Command) {
  std::reverse(Args.begin(), Args.end()); // CLI11 parses a reversed vector
  try {
    App.parse(Args);
  } catch (const CLI::CallForHelp &) {
    std::cout << App.help();
    return 0;
  } catch (const CLI::ParseError &E) {
    std::cerr << "corosafe: error: " << E.what() << "\nRun '" << Command
              << " --help' for usage.\n";
    return 2;
  }
  return std::nullopt;
}

} // namespace corosafe

#endif
