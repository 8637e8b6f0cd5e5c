//===- Selection.h - which TUs a run analyzes ------------------*- C++ -*-===//
//
// --include / --exclude path globs, matched against the path of a TU
// relative to the source root (docs/driver.md):
//
//   *      any characters except '/'
//   **     any characters, '/' included ("src/**/net_*.cpp"; "**/" also
//          matches no directory at all)
//   ?      one character except '/'
//   [abc]  one of the characters (ranges a-z, negation [!abc])
//
// A glob without '/' matches the file name in any directory ("*_test.cpp").
// A glob also matches every file below a directory it matches
// ("third_party", "src/gen/*"). A TU is selected when it matches some
// --include (or none is given) and no --exclude.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_SELECTION_H
#define COROSAFE_CLI_SELECTION_H

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Regex;
}

namespace corosafe {

class PathFilter {
public:
  PathFilter();
  ~PathFilter();
  /// False with \p Err set when a glob is malformed (unclosed '[').
  bool init(const std::vector<std::string> &Include,
            const std::vector<std::string> &Exclude, std::string &Err);
  /// \p RelPath uses '/' separators, relative to the source root.
  bool selects(const std::string &RelPath) const;

private:
  std::vector<std::unique_ptr<llvm::Regex>> Include, Exclude;
};

/// Converts one glob to an anchored POSIX extended regex; false when the
/// glob is malformed.
bool globToRegex(const std::string &Glob, std::string &Regex);

/// \p AbsPath relative to \p Root ('/' separators), or \p AbsPath when it is
/// not below Root.
std::string relativeTo(const std::string &AbsPath, const std::string &Root);

/// Reads --files-from: one path per line; blank lines and lines starting
/// with '#' are ignored; "-" reads standard input.
bool readFileList(const std::string &Path, std::vector<std::string> &Files,
                  std::string &Err);

} // namespace corosafe

#endif
