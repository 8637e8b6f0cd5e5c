//===- Suppressions.h - suppression comments --------------------*- C++ -*-===//
//
// The NOLINT family as clang-tidy users know it, plus corosafe's own form
// with a reason, applied by the CLI (the clang-tidy plugin gets the NOLINT
// family from clang-tidy itself; clang-tidy does not know `corosafe: ignore`):
//
//   code; // NOLINT                       all rules on this line
//   code; // NOLINT(corosafe-cancel-select) only the named rules
//                                         (globs: corosafe-*)
//   // NOLINTNEXTLINE(corosafe-...)        the next line
//   // NOLINTBEGIN(corosafe-...) ... // NOLINTEND(corosafe-...)
//   code; // corosafe: ignore[corosafe-cancel-select] drained by the caller
//   // corosafe: ignore[corosafe-cancel-select] drained by the caller
//   code;                                 (on a line of its own: the next
//                                          line that is neither blank nor
//                                          only a comment)
//
// `corosafe: ignore[...]` needs a rule list (globs, comma-separated); the
// text after ']' up to the end of the comment is the reason, which becomes
// the SARIF justification. Free of Clang includes: works on the file's text.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_SUPPRESSIONS_H
#define COROSAFE_SUPPRESSIONS_H

#include "corosafe/Finding.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

/// One suppression comment of a file.
struct SuppressionComment {
  enum class Form { NoLint, NoLintNextLine, NoLintBlock, Ignore };
  Form K = Form::NoLint;
  /// Where the marker is written (for a block: its NOLINTBEGIN). Byte
  /// columns, 1-based, end exclusive; the region covers the marker and its
  /// rule list ("NOLINT(corosafe-x)", "corosafe: ignore[corosafe-x]").
  unsigned Line = 0, Column = 0, EndColumn = 0;
  /// The lines it suppresses (inclusive). 0/0 when it covers no line (a
  /// `corosafe: ignore` on the last line of a file).
  unsigned FirstLine = 0, LastLine = 0;
  /// Rule globs; empty for a bare NOLINT (every rule).
  std::vector<std::string> Globs;
  /// The comment text from its "//" or "/*".
  std::string Comment;
  /// `corosafe: ignore`'s reason; empty for the NOLINT family.
  std::string Reason;

  /// What goes into SARIF `justification`: the reason when there is one,
  /// else the comment.
  const std::string &justification() const {
    return Reason.empty() ? Comment : Reason;
  }
  /// Whether it suppresses \p RuleId on \p Line.
  bool covers(std::string_view RuleId, unsigned Line) const;
};

class SuppressionIndex {
public:
  /// Index the suppression comments of one file's text.
  explicit SuppressionIndex(std::string_view Text);

  /// If a comment suppresses RuleId on Line (1-based), its justification.
  std::optional<std::string> suppresses(std::string_view RuleId,
                                        unsigned Line) const;

  /// Indexes into comments() of every comment that suppresses RuleId on Line.
  std::vector<size_t> matching(std::string_view RuleId, unsigned Line) const;

  /// Every complete suppression comment, in source order (an unterminated
  /// NOLINTBEGIN is not one: it suppresses nothing).
  const std::vector<SuppressionComment> &comments() const { return Entries; }

private:
  std::vector<SuppressionComment> Entries;
};

/// Marks findings whose primary line carries a matching suppression comment.
/// Each file is read once.
void applySuppressions(std::vector<Finding> &Findings);

/// Whether a clang-tidy style glob list entry ("corosafe-*") matches Id.
bool globMatches(std::string_view Glob, std::string_view Id);

} // namespace corosafe

#endif
