//===- ChannelModel.cpp - what counts as a channel -----------------------===//
#include "ChannelModel.h"
#include "AsioModel.h"
#include "RuleSupport.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringRef.h"

using namespace clang;

namespace corosafe {
namespace channels {

namespace {

constexpr const char *AnnotBounded = "corosafe::channel_bounded";
constexpr const char *AnnotUnbounded = "corosafe::channel_unbounded";
constexpr const char *AnnotSend = "corosafe::channel_send";
constexpr const char *AnnotTrySend = "corosafe::channel_try_send";
constexpr const char *AnnotReceive = "corosafe::channel_receive";

std::optional<std::string> lookupEither(const FullOptionLookup &Options,
                                        std::string_view Key) {
  if (!Options)
    return std::nullopt;
  for (const char *Rule :
       {"corosafe-channel-cycle.", "corosafe-unbounded-channel."})
    if (std::optional<std::string> V =
            Options(std::string(Rule) + std::string(Key)))
      return V;
  return std::nullopt;
}

std::set<std::string> methodSet(const FullOptionLookup &Options,
                                std::string_view Key, const char *Default) {
  std::optional<std::string> V = lookupEither(Options, Key);
  std::vector<std::string> L = splitQualifiedNames(V ? *V : Default);
  return std::set<std::string>(L.begin(), L.end());
}

bool hasAnnotation(const Decl *D, StringRef Text) {
  for (const auto *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == Text)
      return true;
  return false;
}

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  T = T.getCanonicalType().getUnqualifiedType();
  const auto *RD = T->getAsCXXRecordDecl();
  return RD;
}

bool nameMatches(const CXXRecordDecl *RD, const std::vector<std::string> &L) {
  const CXXRecordDecl *Pattern = RD;
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    Pattern = S->getSpecializedTemplate()->getTemplatedDecl();
  std::string Q = Pattern->getQualifiedNameAsString();
  for (const std::string &N : L)
    if (N == Q)
      return true;
  return false;
}

} // namespace

ChannelConfig ChannelConfig::fromOptions(const FullOptionLookup &Options) {
  ChannelConfig C;
  if (Options) {
    if (std::optional<std::string> V =
            Options("corosafe-channel-cycle.BoundedChannelTypes"))
      C.BoundedTypes = splitQualifiedNames(*V);
    if (std::optional<std::string> V =
            Options("corosafe-unbounded-channel.UnboundedChannelTypes"))
      C.UnboundedTypes = splitQualifiedNames(*V);
  }
  C.SendMethods = methodSet(Options, "SendMethods",
                            "send;push;push_back;emplace;emplace_back;"
                            "enqueue;blockingWrite");
  C.TrySendMethods = methodSet(Options, "TrySendMethods",
                               "try_send;try_push;try_enqueue;"
                               "write;tryWriteUntil");
  C.ReceiveMethods = methodSet(Options, "ReceiveMethods",
                               "receive;pop;pop_front;dequeue;blockingRead");
  C.TryReceiveMethods = methodSet(Options, "TryReceiveMethods",
                                  "try_receive;try_pop;try_dequeue;read");
  return C;
}

std::optional<ChannelType> classifyType(QualType T,
                                        const ChannelConfig &Config) {
  if (T.isNull())
    return std::nullopt;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier())
    return std::nullopt;
  ChannelType Out;
  Out.Record = RD;
  StringRef N = RD->getName();
  if ((N == "basic_channel" || N == "basic_concurrent_channel") &&
      asio::isInAsio(RD, {"experimental"}, /*Exact=*/true)) {
    Out.Name = RD->getQualifiedNameAsString();
    Out.Origin = "asio";
    Out.Asio = true;
    Out.Bounded = true;
    return Out;
  }
  const CXXRecordDecl *Def = RD->getDefinition() ? RD->getDefinition() : RD;
  const CXXRecordDecl *Pattern = Def;
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(Def))
    Pattern = S->getSpecializedTemplate()->getTemplatedDecl();
  for (const CXXRecordDecl *D : {Def, Pattern}) {
    if (hasAnnotation(D, AnnotBounded) || hasAnnotation(D, AnnotUnbounded)) {
      Out.Name = Pattern->getQualifiedNameAsString();
      Out.Origin = "annotation";
      Out.Bounded = hasAnnotation(D, AnnotBounded);
      return Out;
    }
  }
  if (nameMatches(Def, Config.BoundedTypes) ||
      nameMatches(Def, Config.UnboundedTypes)) {
    Out.Name = Pattern->getQualifiedNameAsString();
    Out.Origin = "option";
    Out.Bounded = nameMatches(Def, Config.BoundedTypes);
    return Out;
  }
  return std::nullopt;
}

static bool holdsChannelsImpl(QualType T, const ChannelConfig &Config,
                              int Depth) {
  if (classifyType(T, Config))
    return true;
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || Depth > 2 || !RD->hasDefinition())
    return false;
  for (const FieldDecl *F : RD->getDefinition()->fields())
    if (holdsChannelsImpl(F->getType(), Config, Depth + 1))
      return true;
  return false;
}

bool holdsChannels(QualType T, const ChannelConfig &Config) {
  return holdsChannelsImpl(T, Config, 0);
}

std::optional<ChannelOp> classifyOp(const CXXMemberCallExpr *Call,
                                    const ChannelConfig &Config) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  const Expr *Obj = Call->getImplicitObjectArgument();
  if (!MD || !Obj || !MD->getIdentifier())
    return std::nullopt;
  // The object's own type: look through the derived-to-base conversion to
  // the class that declares the method.
  const Expr *Stripped = Obj->IgnoreParenImpCasts();
  QualType ObjT = Stripped->getType();
  if (Call->getCallee() && isa<MemberExpr>(Call->getCallee()->IgnoreParens()) &&
      cast<MemberExpr>(Call->getCallee()->IgnoreParens())->isArrow())
    ObjT = ObjT->getPointeeType().isNull() ? ObjT : ObjT->getPointeeType();
  std::optional<ChannelType> CT = classifyType(ObjT, Config);
  if (!CT)
    return std::nullopt;
  ChannelOp Op;
  Op.Call = Call;
  Op.Object = Stripped;
  Op.Type = *CT;
  Op.Method = MD->getName().str();
  StringRef M = MD->getName();
  if (CT->Asio) {
    if (M == "async_send") {
      Op.Dir = Direction::Send;
      Op.Blocking = true;
    } else if (M.starts_with("try_send")) {
      Op.Dir = Direction::Send;
      Op.Blocking = false;
    } else if (M == "async_receive") {
      Op.Dir = Direction::Receive;
      Op.Blocking = true;
    } else if (M.starts_with("try_receive")) {
      Op.Dir = Direction::Receive;
      Op.Blocking = false;
    } else {
      return std::nullopt;
    }
    return Op;
  }
  if (hasAnnotation(MD, AnnotSend)) {
    Op.Dir = Direction::Send;
    Op.Blocking = CT->Bounded;
  } else if (hasAnnotation(MD, AnnotTrySend)) {
    Op.Dir = Direction::Send;
    Op.Blocking = false;
  } else if (hasAnnotation(MD, AnnotReceive)) {
    Op.Dir = Direction::Receive;
  } else if (Config.SendMethods.count(M.str())) {
    Op.Dir = Direction::Send;
    Op.Blocking = CT->Bounded;
  } else if (Config.TrySendMethods.count(M.str())) {
    Op.Dir = Direction::Send;
    Op.Blocking = false;
  } else if (Config.ReceiveMethods.count(M.str())) {
    Op.Dir = Direction::Receive;
  } else if (Config.TryReceiveMethods.count(M.str())) {
    Op.Dir = Direction::Receive;
    Op.Blocking = false;
  } else {
    return std::nullopt;
  }
  return Op;
}

Capacity capacityOf(const Expr *Init, const ChannelType &T,
                    const ASTContext &Ctx) {
  Capacity C;
  if (!T.Bounded) {
    C.K = Capacity::Unbounded;
    return C;
  }
  if (!T.Asio) {
    C.K = Capacity::Unknown;
    C.Reason = "declared bounded, size not known";
    return C;
  }
  if (!Init) {
    C.Reason = "no initializer seen";
    return C;
  }
  const Expr *E = Init;
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    E = EWC->getSubExpr();
  E = E->IgnoreParenImpCasts();
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
    E = FC->getSubExpr()->IgnoreParenImpCasts();
  const auto *CE = dyn_cast<CXXConstructExpr>(E);
  if (!CE || !CE->getConstructor()) {
    C.Reason = "initialized from another object";
    return C;
  }
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I) {
    const ParmVarDecl *P = Ctor->getParamDecl(I);
    if (!P->getIdentifier() || P->getName() != "max_buffer_size")
      continue;
    const Expr *A = CE->getArg(I);
    Expr::EvalResult R;
    if (!A->isValueDependent() && A->EvaluateAsInt(R, Ctx)) {
      C.K = Capacity::Constant;
      C.Value = R.Val.getInt().getZExtValue();
    } else {
      C.Reason = "not a constant expression";
    }
    return C;
  }
  if (Ctor->isCopyOrMoveConstructor()) {
    C.Reason = "initialized from another channel";
    return C;
  }
  C.Reason = "constructor without max_buffer_size";
  return C;
}

} // namespace channels
} // namespace corosafe
