//===- FactsSimdjson.h - the facts reader on simdjson's DOM ------*- C++ -*-===//
//
// The merge reads every facts file of a program; nlohmann's DOM parse was
// half of its time (docs/performance.md). simdjson (Debian libsimdjson-dev)
// parses the same bytes twenty times faster. readFactsFast is the strict
// reader of FactsSchema.h over simdjson's DOM: the same checks, no
// messages. A caller reads an object it rejects again with readFacts, which
// says what is wrong, so the fast path never changes what is reported.
//
// Clang- and LLVM-free. Only files that parse JSON include it (simdjson.h
// is large).
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_FACTSSIMDJSON_H
#define COROSAFE_FACTSSIMDJSON_H

#include "corosafe/FactsSchema.h"

namespace simdjson {
namespace dom {
class element;
} // namespace dom
} // namespace simdjson

namespace corosafe {

/// Reads a facts object of this schema version. False (\p Out unspecified)
/// for anything readFacts would not read without a notification.
bool readFactsFast(const simdjson::dom::element &J, TUFacts &Out);

} // namespace corosafe

#endif
