//===- YamlKeys.h - the key an LLVM YAML I/O error is about -----*- C++ -*-===//
//
// LLVM's YAML reader reports an error at the value it could not read
// (line, column), not at its key. The profile loader and the configuration
// file reader both name the key in their messages ("executor: unknown
// value"); this finds it on the line.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_MODEL_YAMLKEYS_H
#define COROSAFE_MODEL_YAMLKEYS_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <string>

namespace corosafe {
namespace model {

/// The key whose value starts at \p Column of \p Line ("executor" in
/// "{ call: [x], executor: first }", "corosafe-cancel-select.AndOperator" in
/// "  'corosafe-cancel-select.AndOperator': x"), or "".
inline std::string yamlKeyBefore(llvm::StringRef Line, int Column) {
  llvm::StringRef Head = Line.take_front(std::max(Column, 0)).rtrim();
  Head.consume_back("[");
  Head.consume_back("{");
  Head = Head.rtrim();
  Head.consume_back("\"");
  Head.consume_back("'");
  if (!Head.consume_back(":"))
    return "";
  Head.consume_back("\"");
  Head.consume_back("'");
  size_t B = Head.size();
  while (B > 0 && (llvm::isAlnum(Head[B - 1]) || Head[B - 1] == '-' ||
                   Head[B - 1] == '_' || Head[B - 1] == '.'))
    --B;
  return Head.substr(B).str();
}

} // namespace model
} // namespace corosafe

#endif
