//===- Suppressions.cpp - NOLINT comments --------------------------------===//
#include "corosafe/Suppressions.h"

#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

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
  enum Kind { SameLine, NextLine, Begin, End } K;
  std::vector<std::string> Globs;
  bool HasList = false;
  std::string Comment;
};

std::string trim(std::string_view S) {
  size_t B = S.find_first_not_of(" \t\r");
  if (B == std::string_view::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\r");
  return std::string(S.substr(B, E - B + 1));
}

// Parses the markers on one line. The marker must be in a comment: we look
// for "NOLINT" after "//" or "/*" on the line.
std::vector<Marker> parseLine(std::string_view Line) {
  std::vector<Marker> Out;
  size_t CommentStart = std::string_view::npos;
  for (size_t I = 0; I + 1 < Line.size(); ++I) {
    if (Line[I] == '/' && (Line[I + 1] == '/' || Line[I + 1] == '*')) {
      CommentStart = I;
      break;
    }
  }
  if (CommentStart == std::string_view::npos)
    return Out;
  std::string_view C = Line.substr(CommentStart);
  size_t Pos = 0;
  while ((Pos = C.find("NOLINT", Pos)) != std::string_view::npos) {
    Marker M;
    size_t After = Pos + 6;
    auto Rest = C.substr(After);
    if (Rest.rfind("NEXTLINE", 0) == 0) {
      M.K = Marker::NextLine;
      After += 8;
    } else if (Rest.rfind("BEGIN", 0) == 0) {
      M.K = Marker::Begin;
      After += 5;
    } else if (Rest.rfind("END", 0) == 0) {
      M.K = Marker::End;
      After += 3;
    } else {
      M.K = Marker::SameLine;
    }
    if (After < C.size() && C[After] == '(') {
      size_t Close = C.find(')', After);
      if (Close == std::string_view::npos) {
        Pos = After;
        continue; // malformed: clang-tidy ignores it too
      }
      M.HasList = true;
      std::string_view List = C.substr(After + 1, Close - After - 1);
      size_t S = 0;
      while (S <= List.size()) {
        size_t Comma = List.find(',', S);
        if (Comma == std::string_view::npos)
          Comma = List.size();
        std::string G = trim(List.substr(S, Comma - S));
        if (!G.empty())
          M.Globs.push_back(G);
        S = Comma + 1;
      }
      After = Close + 1;
    } else if (After < C.size() &&
               (std::isalnum(static_cast<unsigned char>(C[After])) ||
                C[After] == '_')) {
      Pos = After; // e.g. NOLINTFOO: not a marker
      continue;
    }
    M.Comment = trim(C);
    Out.push_back(std::move(M));
    Pos = After;
  }
  return Out;
}
} // namespace

SuppressionIndex::SuppressionIndex(std::string_view Text) {
  std::vector<std::pair<unsigned, Marker>> Open; // NOLINTBEGIN stack
  unsigned LineNo = 0;
  size_t Start = 0;
  while (Start <= Text.size()) {
    size_t End = Text.find('\n', Start);
    if (End == std::string_view::npos)
      End = Text.size();
    ++LineNo;
    for (Marker &M : parseLine(Text.substr(Start, End - Start))) {
      switch (M.K) {
      case Marker::SameLine:
        Entries.push_back({LineNo, LineNo, M.Globs, M.Comment});
        break;
      case Marker::NextLine:
        Entries.push_back({LineNo + 1, LineNo + 1, M.Globs, M.Comment});
        break;
      case Marker::Begin:
        Open.emplace_back(LineNo, M);
        break;
      case Marker::End:
        // Close the innermost BEGIN with the same list.
        for (auto It = Open.rbegin(); It != Open.rend(); ++It) {
          if (It->second.Globs == M.Globs) {
            Entries.push_back({It->first, LineNo, It->second.Globs,
                               It->second.Comment});
            Open.erase(std::next(It).base());
            break;
          }
        }
        break;
      }
    }
    if (End == Text.size())
      break;
    Start = End + 1;
  }
  // An unterminated NOLINTBEGIN suppresses nothing (clang-tidy reports it as
  // an error; we stay quiet rather than hide findings).
}

std::optional<std::string>
SuppressionIndex::suppresses(std::string_view RuleId, unsigned Line) const {
  for (const Entry &E : Entries) {
    if (Line < E.FirstLine || Line > E.LastLine)
      continue;
    if (E.Globs.empty())
      return E.Comment;
    for (const std::string &G : E.Globs)
      if (globMatches(G, RuleId))
        return E.Comment;
  }
  return std::nullopt;
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
