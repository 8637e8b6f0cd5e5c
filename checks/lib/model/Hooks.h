//===- Hooks.h - what profile data cannot say --------------------*- C++ -*-===//
//
// The few recognizers that profile rows cite by name because they need C++
// (docs/profiles.md lists them):
//  - asio.completion-arity: how many values an asio operation completes
//    with, from its completion signature (deferred operations carry it as a
//    template argument; lambdas through asio's completion signature probe).
// Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_MODEL_HOOKS_H
#define COROSAFE_MODEL_HOOKS_H

#include "clang/AST/Expr.h"

#include <optional>

namespace corosafe {
namespace model {
namespace hooks {

std::optional<unsigned> asioCompletionArity(const clang::Expr *Operand);

} // namespace hooks
} // namespace model
} // namespace corosafe

#endif
