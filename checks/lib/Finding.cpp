//===- Finding.cpp --------------------------------------------------------===//
#include "corosafe/Finding.h"

#include <algorithm>

namespace corosafe {

std::string_view levelName(Level L) {
  switch (L) {
  case Level::Note:
    return "note";
  case Level::Warning:
    return "warning";
  case Level::Error:
    return "error";
  }
  return "warning";
}

std::optional<Level> parseLevel(std::string_view S) {
  if (S == "note" || S == "remark")
    return Level::Note;
  if (S == "warning")
    return Level::Warning;
  if (S == "error")
    return Level::Error;
  return std::nullopt;
}

static auto key(const Finding &F) {
  return std::tie(F.Loc, F.RuleId, F.Message);
}

bool findingLess(const Finding &A, const Finding &B) {
  if (key(A) != key(B))
    return key(A) < key(B);
  // Same place and text: order by the notes so the order is total.
  return std::lexicographical_compare(
      A.Notes.begin(), A.Notes.end(), B.Notes.begin(), B.Notes.end(),
      [](const RelatedNote &X, const RelatedNote &Y) {
        return std::tie(X.Loc, X.Message) < std::tie(Y.Loc, Y.Message);
      });
}

bool findingEqual(const Finding &A, const Finding &B) {
  if (key(A) != key(B) || A.Notes.size() != B.Notes.size())
    return false;
  for (size_t I = 0; I < A.Notes.size(); ++I)
    if (!(A.Notes[I].Loc == B.Notes[I].Loc) ||
        A.Notes[I].Message != B.Notes[I].Message)
      return false;
  return true;
}

void sortAndUnique(std::vector<Finding> &Findings) {
  std::stable_sort(Findings.begin(), Findings.end(), findingLess);
  Findings.erase(std::unique(Findings.begin(), Findings.end(), findingEqual),
                 Findings.end());
}

} // namespace corosafe
