//===- RuleOptions.h - one way to read and report rule options ---*- C++ -*-===//
//
// Every rule reads its options through this class, once, in its
// constructor: the same parsing (levels, counts, name lists) and the same
// report for a bad value everywhere. A bad value is never swallowed: it
// becomes a `corosafe-invalid-option` notification naming the key, the value
// and the default used instead (the CLI prints it once per run and lists it
// in SARIF; the clang-tidy plugin emits a configuration diagnostic).
//
// Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_RULEOPTIONS_H
#define COROSAFE_RULEOPTIONS_H

#include "corosafe/Finding.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corosafe {

/// Reads one option of a rule by its bare key ("MaxDepth"); the front end
/// adds the rule prefix (clang-tidy CheckOptions use
/// "corosafe-cancel-select.MaxDepth").
using OptionLookup =
    std::function<std::optional<std::string>(std::string_view Key)>;

/// Reads an option by its full key ("corosafe-channel-cycle.MaxCycles").
using FullOptionLookup =
    std::function<std::optional<std::string>(std::string_view FullKey)>;

constexpr std::string_view InvalidOptionId = "corosafe-invalid-option";

class RuleOptions {
public:
  RuleOptions(std::string_view RuleId, OptionLookup Get)
      : Rule(RuleId), Get(std::move(Get)) {}

  std::string_view ruleId() const { return Rule; }
  std::optional<std::string> get(std::string_view Key) const;
  /// A free-form string.
  std::string text(std::string_view Key, std::string_view Default = "") const;
  /// A level name or "off" (nullopt).
  std::optional<Level> level(std::string_view Key,
                             std::optional<Level> Default);
  /// A whole number >= Min.
  unsigned count(std::string_view Key, unsigned Default, unsigned Min = 0);
  /// A ';'-separated list of qualified names ("a::T; ::b::U"): trimmed,
  /// without a leading "::", empty entries dropped.
  std::vector<std::string> names(std::string_view Key) const;

  /// The bad values seen so far, as notifications.
  const std::vector<ToolNotification> &problems() const { return Problems; }

private:
  void bad(std::string_view Key, const std::string &Value,
           const std::string &Expected, const std::string &Used);

  std::string Rule;
  OptionLookup Get;
  std::vector<ToolNotification> Problems;
};

/// The list parsing of RuleOptions::names, for option values read elsewhere.
std::vector<std::string> splitQualifiedNames(std::string_view List);

} // namespace corosafe

#endif
