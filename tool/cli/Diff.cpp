//===- Diff.cpp - the changed lines of a unified diff ---------------------===//
#include "Diff.h"

#include <cctype>
#include <vector>

namespace corosafe {

namespace {

std::vector<std::string_view> splitLines(std::string_view Text) {
  std::vector<std::string_view> Lines;
  size_t Start = 0;
  while (Start < Text.size()) {
    size_t End = Text.find('\n', Start);
    if (End == std::string_view::npos)
      End = Text.size();
    std::string_view L = Text.substr(Start, End - Start);
    if (!L.empty() && L.back() == '\r')
      L.remove_suffix(1);
    Lines.push_back(L);
    Start = End + 1;
  }
  return Lines;
}

/// The path of a "--- " or "+++ " line: git's C-style quoting undone, a
/// trailing tab and timestamp (diff -u) removed.
std::string headerPath(std::string_view Rest) {
  if (!Rest.empty() && Rest.front() == '"') {
    std::string Out;
    for (size_t I = 1; I < Rest.size(); ++I) {
      char C = Rest[I];
      if (C == '"')
        break;
      if (C != '\\' || I + 1 >= Rest.size()) {
        Out.push_back(C);
        continue;
      }
      char E = Rest[++I];
      if (E >= '0' && E <= '7') {
        int V = 0, N = 0;
        while (N < 3 && I < Rest.size() && Rest[I] >= '0' && Rest[I] <= '7') {
          V = V * 8 + (Rest[I] - '0');
          ++I;
          ++N;
        }
        --I;
        Out.push_back(static_cast<char>(V));
      } else {
        switch (E) {
        case 'n':
          Out.push_back('\n');
          break;
        case 't':
          Out.push_back('\t');
          break;
        case 'a':
          Out.push_back('\a');
          break;
        case 'b':
          Out.push_back('\b');
          break;
        case 'f':
          Out.push_back('\f');
          break;
        case 'r':
          Out.push_back('\r');
          break;
        case 'v':
          Out.push_back('\v');
          break;
        default:
          Out.push_back(E);
          break;
        }
      }
    }
    return Out;
  }
  size_t Tab = Rest.find('\t');
  if (Tab != std::string_view::npos)
    Rest = Rest.substr(0, Tab);
  while (!Rest.empty() && Rest.back() == ' ')
    Rest.remove_suffix(1);
  return std::string(Rest);
}

std::string stripComponents(std::string Path, int N) {
  for (int I = 0; I < N; ++I) {
    size_t Slash = Path.find('/');
    if (Slash == std::string::npos)
      return "";
    Path.erase(0, Slash + 1);
    while (!Path.empty() && Path.front() == '/')
      Path.erase(0, 1);
  }
  return Path;
}

/// Parses "N" or "N,M" at \p S; M defaults to 1.
bool parseRange(std::string_view &S, unsigned &Start, unsigned &Count) {
  auto Num = [&](unsigned &V) {
    if (S.empty() || !std::isdigit(static_cast<unsigned char>(S.front())))
      return false;
    V = 0;
    while (!S.empty() && std::isdigit(static_cast<unsigned char>(S.front()))) {
      if (V > 100000000u) // no file has a billion lines: refuse, don't wrap
        return false;
      V = V * 10 + static_cast<unsigned>(S.front() - '0');
      S.remove_prefix(1);
    }
    return true;
  };
  if (!Num(Start))
    return false;
  Count = 1;
  if (!S.empty() && S.front() == ',') {
    S.remove_prefix(1);
    if (!Num(Count))
      return false;
  }
  return true;
}

} // namespace

bool parseUnifiedDiff(std::string_view Text, int Strip, ChangedLines &Out,
                      std::string &Err) {
  std::vector<std::string_view> Lines = splitLines(Text);
  bool SawHeader = false, SawContent = false;
  std::string OldPath;
  std::set<unsigned> *Current = nullptr; // null: a deleted file
  for (size_t I = 0; I < Lines.size(); ++I) {
    std::string_view L = Lines[I];
    if (L.find_first_not_of(" \t") != std::string_view::npos)
      SawContent = true;
    if (L.rfind("--- ", 0) == 0 && I + 1 < Lines.size() &&
        Lines[I + 1].rfind("+++ ", 0) == 0) {
      OldPath = headerPath(L.substr(4));
      std::string NewPath = headerPath(Lines[I + 1].substr(4));
      ++I;
      SawHeader = true;
      if (NewPath == "/dev/null") {
        Current = nullptr;
        continue;
      }
      if (Strip >= 0) {
        NewPath = stripComponents(NewPath, Strip);
      } else if (NewPath.rfind("b/", 0) == 0 &&
                 (OldPath.rfind("a/", 0) == 0 || OldPath == "/dev/null")) {
        NewPath.erase(0, 2);
      }
      while (NewPath.rfind("./", 0) == 0)
        NewPath.erase(0, 2);
      Current = NewPath.empty() ? nullptr : &Out[NewPath];
      continue;
    }
    if (L.rfind("@@ ", 0) != 0)
      continue; // "diff --git", "index", "rename from", "Binary files", ...
    // @@ -a[,b] +c[,d] @@
    std::string_view S = L.substr(3);
    unsigned OldStart, OldCount, NewStart, NewCount;
    if (S.empty() || S.front() != '-') {
      Err = "malformed hunk header '" + std::string(L) + "'";
      return false;
    }
    S.remove_prefix(1);
    if (!parseRange(S, OldStart, OldCount) || S.rfind(" +", 0) != 0) {
      Err = "malformed hunk header '" + std::string(L) + "'";
      return false;
    }
    S.remove_prefix(2);
    // Lines are 1-based: a new side that starts at 0 must be empty.
    if (!parseRange(S, NewStart, NewCount) || S.rfind(" @@", 0) != 0 ||
        (NewStart == 0 && NewCount > 0)) {
      Err = "malformed hunk header '" + std::string(L) + "'";
      return false;
    }
    SawHeader = true;
    // The body: exactly OldCount old-side and NewCount new-side lines.
    unsigned NewLine = NewStart;
    while ((OldCount > 0 || NewCount > 0) && I + 1 < Lines.size()) {
      std::string_view B = Lines[I + 1];
      char K = B.empty() ? ' ' : B.front(); // some tools drop the blank
      if (K == '\\') {                      // "\ No newline at end of file"
        ++I;
        continue;
      }
      if (K == '+' && NewCount > 0) {
        if (Current)
          Current->insert(NewLine);
        ++NewLine;
        --NewCount;
      } else if (K == '-' && OldCount > 0) {
        --OldCount;
      } else if (K == ' ' && OldCount > 0 && NewCount > 0) {
        ++NewLine;
        --OldCount;
        --NewCount;
      } else {
        break; // a truncated hunk: take what we have
      }
      ++I;
    }
  }
  if (SawContent && !SawHeader) {
    Err = "the input is not a unified diff (no '--- '/'+++ ' or '@@' lines)";
    return false;
  }
  return true;
}

} // namespace corosafe
