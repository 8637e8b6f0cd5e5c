//===- RuleSupport.h - factories of the rules -------------------*- C++ -*-===//
#ifndef COROSAFE_RULESUPPORT_H
#define COROSAFE_RULESUPPORT_H

#include "corosafe/Analysis.h"

namespace corosafe {

/// A ';'-separated list of qualified names from an option ("a::T; ::b::U"):
/// trimmed, without a leading "::", empty entries dropped.
std::vector<std::string> splitQualifiedNames(std::string_view List);

/// An option whose value is a level name or "off" (nullopt). Unset or
/// unrecognized values give \p Default.
std::optional<Level> levelOption(const OptionLookup &Opt, std::string_view Key,
                                 std::optional<Level> Default);

std::unique_ptr<Rule> createCancelSelectRule(const OptionLookup &Opt);
std::unique_ptr<Rule> createSendEscapeRule(const OptionLookup &Opt);
std::unique_ptr<Rule>
createThreadBoundAcrossSuspendRule(const OptionLookup &Opt);

} // namespace corosafe

#endif
