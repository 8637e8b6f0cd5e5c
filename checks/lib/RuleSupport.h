//===- RuleSupport.h - factories of the rules -------------------*- C++ -*-===//
#ifndef COROSAFE_RULESUPPORT_H
#define COROSAFE_RULESUPPORT_H

#include "corosafe/Analysis.h"

namespace corosafe {

std::unique_ptr<Rule> createCancelSelectRule(const OptionLookup &Opt);
std::unique_ptr<Rule> createSendEscapeRule(const OptionLookup &Opt);
std::unique_ptr<Rule>
createThreadBoundAcrossSuspendRule(const OptionLookup &Opt);

} // namespace corosafe

#endif
