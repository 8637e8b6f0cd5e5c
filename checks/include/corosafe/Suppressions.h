//===- Suppressions.h - NOLINT comments --------------------------*- C++ -*-===//
//
// The NOLINT family as clang-tidy users know it, applied by the CLI (the
// clang-tidy plugin gets the same behaviour from clang-tidy itself):
//   code; // NOLINT                       all rules on this line
//   code; // NOLINT(corosafe-cancel-select) only the named rules (globs: corosafe-*)
//   // NOLINTNEXTLINE(corosafe-...)        the next line
//   // NOLINTBEGIN(corosafe-...) ... // NOLINTEND(corosafe-...)
// Free of Clang includes: works on the file's text.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_SUPPRESSIONS_H
#define COROSAFE_SUPPRESSIONS_H

#include "corosafe/Finding.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

class SuppressionIndex {
public:
  /// Index the NOLINT comments of one file's text.
  explicit SuppressionIndex(std::string_view Text);

  /// If a comment suppresses RuleId on Line (1-based), the comment's text.
  std::optional<std::string> suppresses(std::string_view RuleId,
                                        unsigned Line) const;

private:
  struct Entry {
    unsigned FirstLine, LastLine;
    std::vector<std::string> Globs; // empty: every rule
    std::string Comment;
  };
  std::vector<Entry> Entries;
};

/// Marks findings whose primary line carries a matching NOLINT comment.
/// Each file is read once.
void applySuppressions(std::vector<Finding> &Findings);

/// Whether a clang-tidy style glob list entry ("corosafe-*") matches Id.
bool globMatches(std::string_view Glob, std::string_view Id);

} // namespace corosafe

#endif
