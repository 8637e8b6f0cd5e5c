//===- RuleOptions.cpp - one way to read and report rule options ---------===//
#include "corosafe/RuleOptions.h"

#include <cctype>

namespace corosafe {

namespace {
std::string_view trim(std::string_view S) {
  while (!S.empty() && std::isspace(static_cast<unsigned char>(S.front())))
    S.remove_prefix(1);
  while (!S.empty() && std::isspace(static_cast<unsigned char>(S.back())))
    S.remove_suffix(1);
  return S;
}
} // namespace

std::vector<std::string> splitQualifiedNames(std::string_view List) {
  std::vector<std::string> Out;
  while (!List.empty()) {
    size_t Semi = List.find(';');
    std::string_view Part = trim(List.substr(0, Semi));
    List = Semi == std::string_view::npos ? std::string_view()
                                          : List.substr(Semi + 1);
    if (Part.substr(0, 2) == "::")
      Part = trim(Part.substr(2));
    if (!Part.empty())
      Out.emplace_back(Part);
  }
  return Out;
}

std::optional<std::string> RuleOptions::get(std::string_view Key) const {
  if (!Get)
    return std::nullopt;
  return Get(Key);
}

std::string RuleOptions::text(std::string_view Key,
                              std::string_view Default) const {
  if (std::optional<std::string> V = get(Key))
    return *V;
  return std::string(Default);
}

void RuleOptions::bad(std::string_view Key, const std::string &Value,
                      const std::string &Expected, const std::string &Used) {
  ToolNotification N;
  N.Lvl = Level::Warning;
  N.Id = std::string(InvalidOptionId);
  N.Message = "invalid value '" + Value + "' for " + Rule + "." +
              std::string(Key) + "; using " + Used + " (expected " + Expected +
              ")";
  Problems.push_back(std::move(N));
}

std::optional<Level> RuleOptions::level(std::string_view Key,
                                        std::optional<Level> Default) {
  std::optional<std::string> V = get(Key);
  if (!V)
    return Default;
  std::string_view S = trim(*V);
  if (S == "off")
    return std::nullopt;
  if (std::optional<Level> L = parseLevel(S))
    return L;
  bad(Key, *V, "note, warning, error or off",
      Default ? std::string(levelName(*Default)) : "off");
  return Default;
}

unsigned RuleOptions::count(std::string_view Key, unsigned Default,
                            unsigned Min) {
  std::optional<std::string> V = get(Key);
  if (!V)
    return Default;
  std::string_view S = trim(*V);
  unsigned long long N = 0;
  bool Ok = !S.empty() && S.size() <= 9;
  for (char C : S) {
    if (!std::isdigit(static_cast<unsigned char>(C))) {
      Ok = false;
      break;
    }
    N = N * 10 + static_cast<unsigned>(C - '0');
  }
  if (!Ok || N < Min) {
    bad(Key, *V, "a whole number" + (Min ? " from " + std::to_string(Min) : ""),
        std::to_string(Default));
    return Default;
  }
  return static_cast<unsigned>(N);
}

std::vector<std::string> RuleOptions::names(std::string_view Key) const {
  return splitQualifiedNames(text(Key));
}

} // namespace corosafe
