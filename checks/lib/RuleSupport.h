//===- RuleSupport.h - what every rule shares ---------------------*- C++ -*-===//
#ifndef COROSAFE_RULESUPPORT_H
#define COROSAFE_RULESUPPORT_H

#include "corosafe/Analysis.h"

#include "corosafe/FactsSchema.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace clang {
class FunctionDecl;
}

namespace corosafe {

/// "fix: ...; see <the rule's docs>", the help line of a finding.
std::string helpLine(std::string_view RuleId, std::string_view Fix);

std::unique_ptr<Rule> createCancelSelectRule(RuleOptions &Opt, TUModel &M);

namespace model {
struct Select;
}
/// The corosafe-cancel-select part of the TU's facts (CancelSelect.cpp):
/// summaries of the coroutines defined in the main file that return or hold
/// taken data, and the operands of \p Selects whose callee has no body in
/// this TU, for the merge step to judge.
void collectCancelFacts(TUModel &TU, clang::ASTContext &Ctx,
                        const std::vector<model::Select> &Selects,
                        const std::vector<const clang::FunctionDecl *> &Defs,
                        const std::function<std::string(const clang::Decl *)> &Usr,
                        TUFacts &Out);
std::unique_ptr<Rule> createSendEscapeRule(RuleOptions &Opt, TUModel &M);
std::unique_ptr<Rule> createThreadBoundAcrossSuspendRule(RuleOptions &Opt,
                                                         TUModel &M);

} // namespace corosafe

#endif
