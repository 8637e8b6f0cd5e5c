//===- CancelText.h - corosafe-cancel-select messages shared by both steps -===//
//
// The texts of corosafe-cancel-select that the TU rule and the merge step
// (an operand whose body is in another TU) both write, so that the two say
// the same. Clang- and LLVM-free.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CANCELTEXT_H
#define COROSAFE_CANCELTEXT_H

#include <string>

namespace corosafe {
namespace cancel {

constexpr const char *RuleId = "corosafe-cancel-select";

/// "the value returned by 'fetch' (taken by 'async_receive')"
inline std::string returnedValue(const std::string &Coroutine,
                                 const std::string &Source) {
  return "the value returned by '" + Coroutine + "' (taken by '" + Source +
         "')";
}

/// "<What> is lost if both operands of '||' complete in the same turn<Because>"
inline std::string lossyOr(const std::string &What, bool Plural,
                           const std::string &Spelling,
                           const std::string &Because) {
  return What + (Plural ? " are" : " is") + " lost if both operands of " +
         Spelling + " complete in the same turn" + Because;
}

/// ", because <why>" or "".
inline std::string because(const std::string &Why) {
  return Why.empty() ? std::string() : ", because " + Why;
}

} // namespace cancel
} // namespace corosafe

#endif
