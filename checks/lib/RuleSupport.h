//===- RuleSupport.h - what every rule shares ---------------------*- C++ -*-===//
#ifndef COROSAFE_RULESUPPORT_H
#define COROSAFE_RULESUPPORT_H

#include "corosafe/Analysis.h"

#include <string>
#include <string_view>

namespace corosafe {

/// "fix: ...; see <the rule's docs>", the help line of a finding.
std::string helpLine(std::string_view RuleId, std::string_view Fix);

std::unique_ptr<Rule> createCancelSelectRule(RuleOptions &Opt, TUModel &M);
std::unique_ptr<Rule> createSendEscapeRule(RuleOptions &Opt, TUModel &M);
std::unique_ptr<Rule> createThreadBoundAcrossSuspendRule(RuleOptions &Opt,
                                                         TUModel &M);

} // namespace corosafe

#endif
