//===- Rules.h - the catalogue of corosafe rules -----------------*- C++ -*-===//
//
// One entry per rule: the stable id users see, texts for --list-rules, for
// SARIF rule metadata and for the docs. Free of Clang includes.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_RULES_H
#define COROSAFE_RULES_H

#include "corosafe/Finding.h"

#include <string>
#include <string_view>
#include <vector>

namespace corosafe {

struct RuleInfo {
  std::string_view Id;               // "corosafe-cancel-select"
  std::string_view Name;             // "CancelSelect" (SARIF rule name)
  std::string_view ShortDescription; // one sentence
  std::string_view FullDescription;  // a paragraph
  std::string_view HelpText;         // plain text: the fixes
  std::string_view HelpMarkdown;     // the same, in Markdown
  Level DefaultLevel;
  std::vector<std::string_view> Tags;
  std::string_view Precision;        // SARIF property: "high", "medium", ...
  std::string_view DocPath;          // relative to the repository root
};

/// All rules, sorted by id.
const std::vector<RuleInfo> &allRules();

/// The rule with this id, or nullptr.
const RuleInfo *findRule(std::string_view Id);

/// Index of the rule in allRules(), or -1.
int ruleIndex(std::string_view Id);

/// The version of corosafe (from CMake's project version).
std::string_view toolVersion();

/// Project home page and the URL of a rule's documentation page.
std::string_view homepage();
std::string ruleHelpUri(const RuleInfo &R);

} // namespace corosafe

#endif
