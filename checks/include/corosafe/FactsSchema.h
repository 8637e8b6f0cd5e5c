//===- FactsSchema.h - the whole-program facts as plain data ----*- C++ -*-===//
//
// The facts of one translation unit (docs/facts.md) as C++ structs: what the
// collector (checks/lib/ChannelFacts.cpp, on Clang's AST) fills, what the
// merge (checks/core/program/) reads, and what facts files carry. One
// serializer and one strict reader (FactsSchema.cpp) turn them into JSON
// and back; no other code names a JSON key of the facts.
//
// Clang- and LLVM-free, like Finding.h.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_FACTSSCHEMA_H
#define COROSAFE_FACTSSCHEMA_H

#include "corosafe/Finding.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corosafe {

/// Version of the facts schema ("facts" objects and facts files).
constexpr int FactsSchemaVersion = 3;

/// Where a fact is: five values of a row, file (a string index), line,
/// column, endLine, endColumn.
using Region = SourceRegion;

/// What a channel expression denotes, as far as one TU can tell.
struct ChannelRef {
  enum class Kind { Field, Global, Local, Param, Unknown };
  Kind K = Kind::Unknown;
  std::string Usr;      ///< field, global, local
  std::string Name;     ///< every kind but unknown
  std::string Function; ///< param: USR of the function the parameter is of
  unsigned Index = 0;   ///< param: its position

  static ChannelRef field(std::string Usr, std::string Name);
  static ChannelRef global(std::string Usr, std::string Name);
  static ChannelRef local(std::string Usr, std::string Name);
  static ChannelRef param(std::string Function, unsigned Index,
                          std::string Name);
  static ChannelRef unknown() { return {}; }
};

/// "type" of a channel or an operation.
struct ChannelTypeFact {
  std::string Name;   ///< qualified name of the class
  std::string Origin; ///< "asio", "option" or "annotation"
  bool Bounded = true;
};

/// What one initializer says about a channel's capacity.
struct CapacityFact {
  enum class Kind { Constant, Unbounded, Unknown };
  Kind K = Kind::Unknown;
  uint64_t Value = 0; ///< constant
  std::string Reason; ///< unknown: why
};

/// A parameter of channel type, or of a class type holding channels.
struct ChannelParamFact {
  unsigned Index = 0;
  std::string Name;
  std::string Type;
  bool Channel = false; ///< of channel type itself
};

struct FunctionFact {
  std::string Usr;
  std::string Name;          ///< display name
  std::string QualifiedName; ///< the findings' Enclosing
  bool Coroutine = false;
  bool Lambda = false;
  std::vector<ChannelParamFact> ChannelParams;
  Region Loc;
};

enum class ChannelKind { Field, Global, Local };

struct ChannelFact {
  ChannelKind Kind = ChannelKind::Global;
  std::string Usr;
  std::string Name;
  ChannelTypeFact Type;
  std::vector<CapacityFact> Capacities; ///< empty for an extern declaration
  Region Loc;
};

enum class ChannelDirection { Receive, Send };

/// Another channel operation raced in the same select.
struct SelectPeerFact {
  ChannelRef Channel;
  ChannelDirection Direction = ChannelDirection::Receive;
  std::string Method;
};

struct SelectFact {
  std::string Id; ///< "or@FILE:LINE:COL" or "group@FILE:LINE:COL"
  std::vector<SelectPeerFact> Others;
};

struct OperationFact {
  std::string Function; ///< USR of the function that contains it
  ChannelRef Channel;
  ChannelTypeFact Type;
  ChannelDirection Direction = ChannelDirection::Send;
  bool Blocking = true;
  /// Inside a loop of its function (it may run more than once).
  bool Loop = false;
  std::string Method;
  std::optional<SelectFact> Select; ///< when raced in a select
  Region Loc;
};

/// Operand: the call is an operand of a concurrent combinator ('&&', '||',
/// a parallel group, ...) awaited by the caller: a task of its own.
enum class EdgeKind { Await, Call, Operand, Spawn };

/// A channel argument of a call: the reference bound to parameter Param.
struct EdgeArgFact {
  unsigned Param = 0;
  ChannelRef Ref;
};

struct EdgeFact {
  EdgeKind Kind = EdgeKind::Call;
  std::string Caller, Callee; ///< USRs
  std::string CalleeName;
  std::vector<EdgeArgFact> Args;
  Region Loc;
};

// --- cancel-select across translation units ---------------------------------

/// A note of a finding carried in the facts.
struct NoteFact {
  Region Loc;
  std::string Message;
};

/// Data a coroutine holds across a suspension point (its own or one of the
/// coroutines it awaits in its TU): the corosafe-cancel-select finding for
/// when it loses a select, rendered where the body is, without the
/// select's note.
struct HeldFact {
  std::string Key; ///< message key: held-value, held-buffer, ...
  std::string Message;
  std::string Enclosing;
  Region Loc;
  std::vector<NoteFact> Notes;
  /// The data is a message taken from a channel (reported even after a
  /// select that ends the session).
  bool FromChannel = false;
  /// A select in its own TU already reports it.
  bool ReportedInTU = false;
};

/// What a coroutine defined in this TU returns and holds, for a select in
/// another TU (only coroutines that hand out or hold taken data).
struct SummaryFact {
  std::string Function; ///< USR
  std::string Name;
  std::string ReturnsTaken; ///< what took the data it returns; empty: none
  std::vector<HeldFact> Held;
};

/// An operand of a select that cancels its losers calling a coroutine
/// whose body is not in this TU: the merge judges it with the callee's
/// summary from the TU that has the body.
struct OperandFact {
  std::string Function; ///< USR of the function with the select
  std::string Callee;   ///< USR
  std::string CalleeName;
  std::string Enclosing;
  Region Loc;       ///< the operand
  Region SelectLoc; ///< the select's operator or call
  std::string Spelling;     ///< "'||'"
  std::string LossyBecause; ///< ", because ..." or empty
  std::string OperandNote;  ///< the select note, rendered
  std::string LossyHelp;    ///< the help lines, rendered
  std::string HeldHelp;
  /// The select returns only the first completion: a value the operand
  /// returns is lost when both complete in the same turn.
  bool DropsCompleted = false;
  /// The select ends the session (docs/rules/cancel-select.md).
  bool EndsSession = false;
};

/// The facts object of one translation unit.
struct TUFacts {
  int SchemaVersion = FactsSchemaVersion;
  std::string TU; ///< absolute path of the main file
  std::vector<FunctionFact> Functions;
  std::vector<ChannelFact> Channels;
  std::vector<OperationFact> Operations;
  std::vector<EdgeFact> Edges;
  std::vector<SummaryFact> Summaries;
  std::vector<OperandFact> Operands;
};

// --- order ------------------------------------------------------------------
//
// The facts order: the order the arrays of a facts object are sorted in,
// defined on these structs (docs/facts.md). The fields of a fact compare in
// the byte order of their names (those of docs/facts.md; it is the order of
// the JSON objects of schema 2, compared as maps from key to value), an
// operation in a select before one that is not. Each returns <0, 0 or >0; 0
// means the two are the same facts (they serialize to the same row).

int compareFacts(const ChannelRef &A, const ChannelRef &B);
int compareFacts(const Region &A, const Region &B);
int compareFacts(const CapacityFact &A, const CapacityFact &B);
int compareFacts(const FunctionFact &A, const FunctionFact &B);
int compareFacts(const ChannelFact &A, const ChannelFact &B);
int compareFacts(const SelectPeerFact &A, const SelectPeerFact &B);
int compareFacts(const OperationFact &A, const OperationFact &B);
int compareFacts(const EdgeFact &A, const EdgeFact &B);
int compareFacts(const SummaryFact &A, const SummaryFact &B);
int compareFacts(const OperandFact &A, const OperandFact &B);

/// Puts \p F in its documented form: functions, channels, operations, edges
/// and each channel's capacities sorted in the facts order without
/// duplicates; each select's `others` sorted.
void canonicalize(TUFacts &F);

// --- JSON ---------------------------------------------------------------------

/// The facts object of \p F (schema 3, docs/facts.md): its string table
/// and one row per fact, arrays in the order of \p F (canonicalize first).
nlohmann::ordered_json toJson(const TUFacts &F);

/// Reads a facts object strictly: every documented key present, every row
/// with at least its documented values, each of its type (string indices
/// within the string table, flags 0 or 1, codes among their values); keys
/// it does not know and values after a row's documented ones are ignored
/// (a later addition that older readers may skip). On failure returns the
/// problem as a notification naming the TU (from "tu", else \p FallbackTU)
/// and leaves \p Out unspecified: `corosafe-facts-version` when
/// schemaVersion is not FactsSchemaVersion, `corosafe-facts-malformed`
/// naming the place (`operations[3][1][0]: expected one of 0 (field), ...`).
std::optional<ToolNotification> readFacts(const nlohmann::json &J,
                                          TUFacts &Out,
                                          const std::string &FallbackTU = "");

const char *kindName(ChannelRef::Kind K);
const char *kindName(CapacityFact::Kind K);
const char *kindName(ChannelKind K);
const char *kindName(EdgeKind K);
const char *directionName(ChannelDirection D);

} // namespace corosafe

#endif
