//===- Diff.h - the changed lines of a unified diff -------------*- C++ -*-===//
//
// Diff mode (--diff-base REV, --diff FILE|-) keeps the findings whose primary
// line was added or changed. This reads a unified diff (git diff, diff -u,
// with or without context lines) into the new-side line numbers of every
// file it touches.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_DIFF_H
#define COROSAFE_CLI_DIFF_H

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace corosafe {

/// New-side path (as written in the diff, after stripping) -> the lines of
/// the new file that were added or changed (1-based).
using ChangedLines = std::map<std::string, std::set<unsigned>>;

/// Parses \p Text. \p Strip is the number of leading path components to
/// remove from the "+++" path, as `patch -p`; -1 removes git's "b/" prefix
/// when the file's "---" path has git's "a/" prefix or is /dev/null (diffs
/// made with --no-prefix are then left alone). Deleted files (+++ /dev/null)
/// are skipped; a renamed file is listed under its new name. Returns false
/// with \p Err set when the text is not empty but holds no diff, or a hunk
/// header is malformed.
bool parseUnifiedDiff(std::string_view Text, int Strip, ChangedLines &Out,
                      std::string &Err);

} // namespace corosafe

#endif
