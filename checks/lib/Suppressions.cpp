//===- Suppressions.cpp - suppression comments ---------------------------===//
#include "corosafe/Suppressions.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>

namespace corosafe {

bool globMatches(std::string_view Glob, std::string_view Id) {
  // '*' matches any run of characters; everything else literally.
  size_t G = 0, I = 0, StarG = std::string_view::npos, StarI = 0;
  while (I < Id.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      StarG = G++;
      StarI = I;
    } else if (G < Glob.size() && Glob[G] == Id[I]) {
      ++G;
      ++I;
    } else if (StarG != std::string_view::npos) {
      G = StarG + 1;
      I = ++StarI;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

namespace {
struct Marker {
  SuppressionComment::Form K;
  enum { Plain, Begin, End } Block = Plain;
  unsigned Column = 0, EndColumn = 0;
  std::vector<std::string> Globs;
  std::string Comment, Reason;
};

std::string trim(std::string_view S) {
  size_t B = S.find_first_not_of(" \t\r");
  if (B == std::string_view::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\r");
  return std::string(S.substr(B, E - B + 1));
}

std::vector<std::string> splitList(std::string_view List) {
  std::vector<std::string> Out;
  size_t S = 0;
  while (S <= List.size()) {
    size_t Comma = List.find(',', S);
    if (Comma == std::string_view::npos)
      Comma = List.size();
    std::string G = trim(List.substr(S, Comma - S));
    if (!G.empty())
      Out.push_back(G);
    S = Comma + 1;
  }
  return Out;
}

bool isWordChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
}

/// Byte offset of the first "//" or "/*" of the line, or npos.
size_t commentStart(std::string_view Line) {
  for (size_t I = 0; I + 1 < Line.size(); ++I)
    if (Line[I] == '/' && (Line[I + 1] == '/' || Line[I + 1] == '*'))
      return I;
  return std::string_view::npos;
}

/// A line that holds no code: blank, or only a comment.
bool holdsNoCode(std::string_view Line) {
  std::string T = trim(Line);
  if (T.empty() || T.rfind("//", 0) == 0)
    return true;
  return T.rfind("/*", 0) == 0 && T.size() >= 4 &&
         T.compare(T.size() - 2, 2, "*/") == 0 && T.find("*/") == T.size() - 2;
}

// Parses the markers on one line. A marker must be in a comment: we look for
// it after the first "//" or "/*" of the line.
std::vector<Marker> parseLine(std::string_view Line) {
  std::vector<Marker> Out;
  size_t CStart = commentStart(Line);
  if (CStart == std::string_view::npos)
    return Out;
  std::string_view C = Line.substr(CStart);
  std::string Comment = trim(C);

  // The NOLINT family.
  size_t Pos = 0;
  while ((Pos = C.find("NOLINT", Pos)) != std::string_view::npos) {
    Marker M;
    M.K = SuppressionComment::Form::NoLint;
    size_t After = Pos + 6;
    auto Rest = C.substr(After);
    if (Rest.rfind("NEXTLINE", 0) == 0) {
      M.K = SuppressionComment::Form::NoLintNextLine;
      After += 8;
    } else if (Rest.rfind("BEGIN", 0) == 0) {
      M.K = SuppressionComment::Form::NoLintBlock;
      M.Block = Marker::Begin;
      After += 5;
    } else if (Rest.rfind("END", 0) == 0) {
      M.K = SuppressionComment::Form::NoLintBlock;
      M.Block = Marker::End;
      After += 3;
    }
    if (After < C.size() && C[After] == '(') {
      size_t Close = C.find(')', After);
      if (Close == std::string_view::npos) {
        Pos = After;
        continue; // malformed: clang-tidy ignores it too
      }
      M.Globs = splitList(C.substr(After + 1, Close - After - 1));
      After = Close + 1;
    } else if (After < C.size() && isWordChar(C[After])) {
      Pos = After; // e.g. NOLINTFOO: not a marker
      continue;
    }
    M.Column = static_cast<unsigned>(CStart + Pos + 1);
    M.EndColumn = static_cast<unsigned>(CStart + After + 1);
    M.Comment = Comment;
    Out.push_back(std::move(M));
    Pos = After;
  }

  // corosafe: ignore[globs] reason
  Pos = 0;
  while ((Pos = C.find("corosafe:", Pos)) != std::string_view::npos) {
    size_t P = Pos + 9;
    while (P < C.size() && (C[P] == ' ' || C[P] == '\t'))
      ++P;
    if (C.compare(P, 7, "ignore[") != 0) {
      Pos = P;
      continue;
    }
    size_t Open = P + 6;
    size_t Close = C.find(']', Open);
    if (Close == std::string_view::npos)
      break; // malformed: suppresses nothing
    Marker M;
    M.K = SuppressionComment::Form::Ignore;
    M.Globs = splitList(C.substr(Open + 1, Close - Open - 1));
    if (M.Globs.empty()) { // an empty list suppresses nothing
      Pos = Close;
      continue;
    }
    M.Column = static_cast<unsigned>(CStart + Pos + 1);
    M.EndColumn = static_cast<unsigned>(CStart + Close + 2);
    std::string_view Reason = C.substr(Close + 1);
    // The reason ends with the comment ("*/") or at the next marker.
    size_t Stop = std::min(Reason.find("*/"), Reason.find("corosafe:"));
    Stop = std::min(Stop, Reason.find("NOLINT"));
    if (Stop != std::string_view::npos)
      Reason = Reason.substr(0, Stop);
    std::string R = trim(Reason);
    size_t Lead = R.find_first_not_of(":-");
    M.Reason = Lead == std::string::npos ? "" : trim(R.substr(Lead));
    M.Comment = Comment;
    Out.push_back(std::move(M));
    Pos = Close + 1;
  }
  std::stable_sort(
      Out.begin(), Out.end(),
      [](const Marker &A, const Marker &B) { return A.Column < B.Column; });
  return Out;
}
} // namespace

bool SuppressionComment::covers(std::string_view RuleId, unsigned L) const {
  if (L == 0 || L < FirstLine || L > LastLine)
    return false;
  if (Globs.empty())
    return true;
  for (const std::string &G : Globs)
    if (globMatches(G, RuleId))
      return true;
  return false;
}

SuppressionIndex::SuppressionIndex(std::string_view Text) {
  std::vector<std::string_view> Lines;
  size_t Start = 0;
  while (Start <= Text.size()) {
    size_t End = Text.find('\n', Start);
    if (End == std::string_view::npos)
      End = Text.size();
    Lines.push_back(Text.substr(Start, End - Start));
    if (End == Text.size())
      break;
    Start = End + 1;
  }
  // For each line, the next line at or after it that holds code (1-based;
  // 0 if none).
  std::vector<unsigned> NextCode(Lines.size() + 2, 0);
  for (size_t I = Lines.size(); I-- > 0;)
    NextCode[I + 1] =
        holdsNoCode(Lines[I]) ? NextCode[I + 2] : static_cast<unsigned>(I + 1);

  std::vector<std::pair<unsigned, Marker>> Open; // NOLINTBEGIN stack
  for (size_t I = 0; I < Lines.size(); ++I) {
    unsigned LineNo = static_cast<unsigned>(I + 1);
    for (Marker &M : parseLine(Lines[I])) {
      SuppressionComment E;
      E.K = M.K;
      E.Line = LineNo;
      E.Column = M.Column;
      E.EndColumn = M.EndColumn;
      E.Globs = M.Globs;
      E.Comment = M.Comment;
      E.Reason = M.Reason;
      switch (M.K) {
      case SuppressionComment::Form::NoLint:
        E.FirstLine = E.LastLine = LineNo;
        Entries.push_back(std::move(E));
        break;
      case SuppressionComment::Form::NoLintNextLine:
        E.FirstLine = E.LastLine = LineNo + 1;
        Entries.push_back(std::move(E));
        break;
      case SuppressionComment::Form::Ignore: {
        size_t CS = commentStart(Lines[I]);
        bool OwnLine = trim(Lines[I].substr(0, CS)).empty();
        unsigned Target = OwnLine ? NextCode[LineNo + 1] : LineNo;
        E.FirstLine = E.LastLine = Target;
        Entries.push_back(std::move(E));
        break;
      }
      case SuppressionComment::Form::NoLintBlock:
        if (M.Block == Marker::Begin) {
          Open.emplace_back(LineNo, std::move(M));
          break;
        }
        // Close the innermost BEGIN with the same list.
        for (auto It = Open.rbegin(); It != Open.rend(); ++It) {
          if (It->second.Globs == M.Globs) {
            const Marker &B = It->second;
            E.Line = It->first;
            E.Column = B.Column;
            E.EndColumn = B.EndColumn;
            E.Comment = B.Comment;
            E.FirstLine = It->first;
            E.LastLine = LineNo;
            Entries.push_back(std::move(E));
            Open.erase(std::next(It).base());
            break;
          }
        }
        break;
      }
    }
  }
  // An unterminated NOLINTBEGIN suppresses nothing (clang-tidy reports it as
  // an error; we stay quiet rather than hide findings).
  std::stable_sort(
      Entries.begin(), Entries.end(),
      [](const SuppressionComment &A, const SuppressionComment &B) {
        return std::tie(A.Line, A.Column) < std::tie(B.Line, B.Column);
      });
}

std::optional<std::string> SuppressionIndex::suppresses(std::string_view RuleId,
                                                        unsigned Line) const {
  for (const SuppressionComment &E : Entries)
    if (E.covers(RuleId, Line))
      return E.justification();
  return std::nullopt;
}

std::vector<size_t> SuppressionIndex::matching(std::string_view RuleId,
                                               unsigned Line) const {
  std::vector<size_t> Out;
  for (size_t I = 0; I < Entries.size(); ++I)
    if (Entries[I].covers(RuleId, Line))
      Out.push_back(I);
  return Out;
}

void applySuppressions(std::vector<Finding> &Findings) {
  std::map<std::string, std::unique_ptr<SuppressionIndex>> Cache;
  for (Finding &F : Findings) {
    auto &Idx = Cache[F.Loc.File];
    if (!Idx) {
      std::ifstream In(F.Loc.File, std::ios::binary);
      std::stringstream SS;
      if (In)
        SS << In.rdbuf();
      Idx = std::make_unique<SuppressionIndex>(SS.str());
    }
    if (auto C = Idx->suppresses(F.RuleId, F.Loc.Line))
      F.Suppressed = Suppression{"inSource", *C};
  }
}

} // namespace corosafe
