//===- Selection.cpp - --include / --exclude / --files-from ---------------===//
#include "Selection.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <fstream>
#include <iostream>

namespace corosafe {

PathFilter::PathFilter() = default;
PathFilter::~PathFilter() = default;

bool globToRegex(const std::string &Glob, std::string &Out) {
  std::string G = Glob;
  while (G.size() > 2 && G.compare(0, 2, "./") == 0)
    G.erase(0, 2);
  while (G.size() > 1 && G.back() == '/')
    G.pop_back();
  std::string R = "^";
  if (G.find('/') == std::string::npos)
    R += "(.*/)?"; // a bare name matches in any directory
  for (size_t I = 0; I < G.size(); ++I) {
    char C = G[I];
    switch (C) {
    case '*':
      if (I + 1 < G.size() && G[I + 1] == '*') {
        ++I;
        if (I + 1 < G.size() && G[I + 1] == '/') {
          ++I;
          R += "(.*/)?";
        } else {
          R += ".*";
        }
      } else {
        R += "[^/]*";
      }
      break;
    case '?':
      R += "[^/]";
      break;
    case '[': {
      size_t J = I + 1;
      std::string Class = "[";
      if (J < G.size() && (G[J] == '!' || G[J] == '^')) {
        Class += '^';
        ++J;
      }
      if (J < G.size() && G[J] == ']')
        Class += G[J++];
      while (J < G.size() && G[J] != ']')
        Class += G[J++];
      if (J >= G.size())
        return false;
      Class += ']';
      R += Class;
      I = J;
      break;
    }
    case '.':
    case '^':
    case '$':
    case '+':
    case '(':
    case ')':
    case '{':
    case '}':
    case '|':
    case '\\':
      R += '\\';
      R += C;
      break;
    default:
      R += C;
    }
  }
  R += "(/.*)?$"; // and everything below a matching directory
  Out = R;
  return true;
}

bool PathFilter::init(const std::vector<std::string> &Inc,
                      const std::vector<std::string> &Exc, std::string &Err) {
  auto Add = [&](const std::vector<std::string> &Globs,
                 std::vector<std::unique_ptr<llvm::Regex>> &Out,
                 const char *Flag) {
    for (const std::string &G : Globs) {
      std::string R, RegexErr;
      if (G.empty() || !globToRegex(G, R)) {
        Err = std::string("invalid ") + Flag + " glob '" + G + "'";
        return false;
      }
      auto Re = std::make_unique<llvm::Regex>(R);
      if (!Re->isValid(RegexErr)) {
        Err = std::string("invalid ") + Flag + " glob '" + G + "': " + RegexErr;
        return false;
      }
      Out.push_back(std::move(Re));
    }
    return true;
  };
  return Add(Inc, Include, "--include") && Add(Exc, Exclude, "--exclude");
}

bool PathFilter::selects(const std::string &RelPath) const {
  auto Any = [&](const std::vector<std::unique_ptr<llvm::Regex>> &Res) {
    for (const auto &Re : Res)
      if (Re->match(RelPath))
        return true;
    return false;
  };
  if (!Include.empty() && !Any(Include))
    return false;
  return !Any(Exclude);
}

std::string relativeTo(const std::string &AbsPath, const std::string &Root) {
  if (Root.empty())
    return AbsPath;
  std::string R = Root;
  if (R.back() != '/')
    R += '/';
  if (AbsPath.compare(0, R.size(), R) == 0)
    return AbsPath.substr(R.size());
  return AbsPath;
}

bool readFileList(const std::string &Path, std::vector<std::string> &Files,
                  std::string &Err) {
  std::ifstream File;
  if (Path != "-") {
    File.open(Path);
    if (!File) {
      Err = "cannot read --files-from '" + Path + "'";
      return false;
    }
  }
  std::istream &In = Path == "-" ? std::cin : File;
  std::string Line;
  while (std::getline(In, Line)) {
    while (!Line.empty() &&
           (Line.back() == '\r' || Line.back() == ' ' || Line.back() == '\t'))
      Line.pop_back();
    size_t B = Line.find_first_not_of(" \t");
    if (B == std::string::npos || Line[B] == '#')
      continue;
    Files.push_back(Line.substr(B));
  }
  return true;
}

} // namespace corosafe
