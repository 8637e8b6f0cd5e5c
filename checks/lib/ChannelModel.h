//===- ChannelModel.h - what counts as a channel ----------------*- C++ -*-===//
//
// Recognizes channel types and channel operations for the whole-program
// rules: asio / Boost.Asio `experimental::basic_channel` and
// `basic_concurrent_channel` (and every alias of them, such as `channel<>`),
// plus user types declared as channels through options or the annotation
// macros of include/corosafe/annotations.hpp. Internal to checks/.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CHANNELMODEL_H
#define COROSAFE_CHANNELMODEL_H

#include "corosafe/Analysis.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corosafe {
namespace channels {

/// User channel types and the method names that send and receive on them.
/// Read from the options of the two whole-program rules (docs/facts.md).
struct ChannelConfig {
  std::vector<std::string> BoundedTypes;   ///< qualified names
  std::vector<std::string> UnboundedTypes; ///< qualified names
  std::set<std::string> SendMethods;    ///< block while a bounded one is full
  std::set<std::string> TrySendMethods; ///< never block
  std::set<std::string> ReceiveMethods;
  std::set<std::string> TryReceiveMethods;

  static ChannelConfig fromOptions(const FullOptionLookup &Options);
};

/// What a channel type is.
struct ChannelType {
  const clang::CXXRecordDecl *Record = nullptr;
  std::string Name;   ///< qualified name of the record (no template args)
  std::string Origin; ///< "asio", "option" or "annotation"
  bool Bounded = true;
  bool Asio = false;
};

/// Classifies a type (references, pointers and cv-qualifiers stripped).
std::optional<ChannelType> classifyType(clang::QualType T,
                                        const ChannelConfig &Config);

/// True if T is a channel type, or a class with a channel member (directly or
/// through a member of class type, up to a small depth).
bool holdsChannels(clang::QualType T, const ChannelConfig &Config);

enum class Direction { Send, Receive };

struct ChannelOp {
  const clang::CXXMemberCallExpr *Call = nullptr;
  const clang::Expr *Object = nullptr; ///< the channel expression
  ChannelType Type;
  Direction Dir = Direction::Send;
  bool Blocking = true;
  std::string Method;
};

/// Classifies a member call as a channel operation. The channel is known by
/// the type of the object expression, not by the class declaring the method
/// (Boost 1.81 inherits the send functions from
/// detail::channel_send_functions).
std::optional<ChannelOp> classifyOp(const clang::CXXMemberCallExpr *Call,
                                    const ChannelConfig &Config);

/// A channel's capacity as seen from one initializer.
struct Capacity {
  enum Kind { Constant, Unknown, Unbounded } K = Unknown;
  uint64_t Value = 0;
  std::string Reason; ///< why it is unknown
};

/// Capacity given by the initializer \p Init of a channel of type \p T
/// (a constructor call; asio's `max_buffer_size` argument, default 0).
Capacity capacityOf(const clang::Expr *Init, const ChannelType &T,
                    const clang::ASTContext &Ctx);

} // namespace channels
} // namespace corosafe

#endif
