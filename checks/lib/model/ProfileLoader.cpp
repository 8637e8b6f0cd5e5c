//===- ProfileLoader.cpp - profile files -> corosafe::Profile -------------===//
//
// Reads profile files with LLVM's YAML I/O, as the Clang Static Analyzer
// reads its taint configuration: every key is known, an unknown key, a value
// of the wrong type, an unknown hook or a malformed name stops the load with
// one message "FILE:LINE:COL: KEY: what is wrong". Built-in profiles,
// profile files and the `user` profile made from rule options all end up in
// the same corosafe::Profile.
//
//===----------------------------------------------------------------------===//
#include "corosafe/ProfileLoader.h"
#include "corosafe/ConfigFile.h"

#include "AstUtil.h"
#include "YamlKeys.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/YAMLTraits.h"

#include <map>
#include <mutex>

using namespace corosafe;
using llvm::StringRef;

namespace {

/// What the mapping functions need to know about the document.
struct LoadContext {
  const char *Start = nullptr; ///< the buffer, for row line numbers
};

int lineOf(llvm::yaml::IO &IO) {
  if (IO.outputting())
    return 0;
  auto *Ctx = static_cast<LoadContext *>(IO.getContext());
  const llvm::yaml::Node *N =
      static_cast<llvm::yaml::Input &>(IO).getCurrentNode();
  if (!Ctx || !Ctx->Start || !N)
    return 0;
  const char *P = N->getSourceRange().Start.getPointer();
  if (!P || P < Ctx->Start)
    return 0;
  return 1 + static_cast<int>(std::count(Ctx->Start, P, '\n'));
}

/// Has reading already failed (a node the reader could not map, such as an
/// alias, leaves no current node)? Then validate() must not report: there is
/// no node to attach its error to, and the first error is the one to show.
bool readFailed(llvm::yaml::IO &IO) {
  if (IO.outputting())
    return false;
  auto &In = static_cast<llvm::yaml::Input &>(IO);
  return In.error() || !In.getCurrentNode();
}

bool isIdentifier(StringRef S) {
  if (S.empty() || !(llvm::isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

/// A name as rows write it: "a::b", "::std::mutex", "async_*",
/// "ns::operator||".
std::string checkName(StringRef Name) {
  StringRef S = Name.trim();
  if (S.empty())
    return "an empty name";
  S.consume_front("::");
  llvm::SmallVector<StringRef, 4> Parts;
  S.split(Parts, "::");
  for (size_t I = 0; I < Parts.size(); ++I) {
    StringRef P = Parts[I];
    bool Last = I + 1 == Parts.size();
    if (Last && P.starts_with("operator") && P.size() > 8 &&
        !isIdentifier(P.substr(8)))
      continue; // operator||, operator&&
    if (Last && P == "*")
      continue;
    if (Last && P.ends_with("*"))
      P = P.drop_back();
    if (!isIdentifier(P))
      return "'" + Name.str() + "' is not a qualified name (a::b, ::a::b, a::b*)";
  }
  return "";
}

std::string checkNames(const char *Key, const NameList &L) {
  for (const std::string &N : L)
    if (std::string E = checkName(N); !E.empty())
      return std::string(Key) + ": " + E;
  return "";
}

std::string oneOf(const char *Key, const std::string &V,
                  std::initializer_list<const char *> Allowed) {
  for (const char *A : Allowed)
    if (V == A)
      return "";
  std::string L;
  for (const char *A : Allowed)
    L += (L.empty() ? "" : ", ") + std::string(A);
  return std::string(Key) + ": '" + V + "' is not one of " + L;
}

/// "Argument[0..-2]" or "Argument[1]".
std::string checkArgRange(const char *Key, const std::string &V) {
  if (V.empty())
    return "";
  int A, B;
  if (parseArgRange(V, A, B))
    return "";
  return std::string(Key) + ": '" + V +
         "' is not an argument range (Argument[N] or Argument[N..M], negative "
         "counts from the last argument written)";
}

std::string firstError(std::initializer_list<std::string> Errors) {
  for (const std::string &E : Errors)
    if (!E.empty())
      return E;
  return "";
}

} // namespace

namespace corosafe {

bool parseArgRange(StringRef V, int &First, int &Last) {
  StringRef S = V.trim();
  if (!S.consume_front("Argument[") || !S.consume_back("]"))
    return false;
  auto [L, R] = S.split("..");
  if (L.trim().getAsInteger(10, First))
    return false;
  if (R.empty()) {
    Last = First;
    return !S.contains("..");
  }
  return !R.trim().getAsInteger(10, Last);
}

const std::vector<std::string> &knownHooks() {
  static const std::vector<std::string> Hooks = {"asio.completion-arity"};
  return Hooks;
}

} // namespace corosafe

namespace {
/// An `executor` position: a number, or `Qualifier` (the object of a member
/// call).
struct ExecutorPos {
  ArgPos Pos = 0;
  bool operator==(const ExecutorPos &O) const { return Pos == O.Pos; }
};
} // namespace

namespace llvm {
namespace yaml {

template <> struct ScalarTraits<ExecutorPos> {
  static void output(const ExecutorPos &V, void *, raw_ostream &OS) {
    if (V.Pos == ast::QualifierPos)
      OS << "Qualifier";
    else
      OS << V.Pos;
  }
  static StringRef input(StringRef S, void *, ExecutorPos &V) {
    if (S == "Qualifier") {
      V.Pos = ast::QualifierPos;
      return {};
    }
    if (S.getAsInteger(0, V.Pos))
      return "invalid number (or Qualifier)";
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

static void mapExecutor(IO &IO, ArgPos &Pos, ArgPos Default) {
  ExecutorPos E{Pos};
  IO.mapOptional("executor", E, ExecutorPos{Default});
  Pos = E.Pos;
}

template <> struct MappingTraits<AwaitRow> {
  static void mapping(IO &IO, AwaitRow &R) {
    R.Line = lineOf(IO);
    IO.mapOptional("call", R.Call);
    IO.mapOptional("member", R.Member);
    IO.mapOptional("type", R.Type);
    IO.mapOptional("produces", R.Produces, std::string("none"));
    IO.mapOptional("into", R.Into);
    IO.mapOptional("partial-progress", R.PartialProgress, std::string("none"));
    IO.mapOptional("suspends", R.Suspends, true);
    IO.mapOptional("current-executor", R.CurrentExecutor, false);
    IO.mapOptional("resumes-inline", R.ResumesInline, false);
  }
  static std::string validate(IO &IO, AwaitRow &R) {
    if (readFailed(IO))
      return {};
    if (R.Call.empty() && R.Member.empty() && R.Type.empty())
      return "awaits: a row needs 'call', 'member' or 'type'";
    if (R.ResumesInline && R.Type.empty())
      return "resumes-inline: only for 'type' rows (a coroutine's return type)";
    return firstError(
        {checkNames("call", R.Call), checkNames("member", R.Member),
         checkNames("type", R.Type),
         oneOf("produces", R.Produces, {"none", "value", "bytes", "connection"}),
         oneOf("partial-progress", R.PartialProgress, {"none", "read", "write"}),
         checkArgRange("into", R.Into)});
  }
};

template <> struct MappingTraits<SelectRow> {
  static void mapping(IO &IO, SelectRow &R) {
    R.Line = lineOf(IO);
    IO.mapOptional("call", R.Call);
    IO.mapOptional("operator", R.Operator);
    IO.mapOptional("member", R.Member);
    IO.mapOptional("when-argument0", R.WhenArgument0);
    IO.mapOptional("operands-from", R.OperandsFrom);
    IO.mapOptional("cancels", R.Cancels, std::string("losers"));
    IO.mapOptional("results", R.Results, std::string("first-only"));
    IO.mapOptional("spelling", R.Spelling);
    IO.mapOptional("lossy-because", R.LossyBecause);
    IO.mapOptional("operand-note", R.OperandNote);
    IO.mapOptional("lossy-fix", R.LossyFix);
    IO.mapOptional("lossless-operands", R.LosslessOperands);
    IO.mapOptional("result-arity", R.ResultArity);
    IO.mapOptional("when-template-argument0", R.WhenTemplateArgument0);
  }
  static std::string validate(IO &IO, SelectRow &R) {
    if (readFailed(IO))
      return {};
    int Kinds = !R.Call.empty() + !R.Operator.empty() + !R.Member.empty();
    if (Kinds != 1)
      return "selects: a row needs exactly one of 'call', 'operator', 'member'";
    if (!R.ResultArity.empty() &&
        !llvm::is_contained(knownHooks(), R.ResultArity))
      return "result-arity: unknown hook '" + R.ResultArity +
             "' (docs/profiles.md lists the hooks)";
    if (!R.OperandsFrom.empty() && R.Member.empty())
      return "operands-from: only for 'member' selects";
    if (!R.WhenTemplateArgument0.empty() && R.Call.empty())
      return "when-template-argument0: only for 'call' selects";
    return firstError(
        {checkNames("call", R.Call), checkNames("operator", R.Operator),
         checkNames("member", R.Member),
         checkNames("when-argument0", R.WhenArgument0),
         checkNames("operands-from", R.OperandsFrom),
         checkNames("when-template-argument0", R.WhenTemplateArgument0),
         oneOf("cancels", R.Cancels, {"losers", "on-failure", "none"}),
         oneOf("results", R.Results,
               {"first-only", "index-and-first", "error-only", "all"})});
  }
};

template <> struct MappingTraits<ChannelRow> {
  static void mapping(IO &IO, ChannelRow &R) {
    R.Line = lineOf(IO);
    IO.mapRequired("types", R.Types);
    IO.mapOptional("bounded", R.Bounded, true);
    IO.mapOptional("capacity", R.Capacity, std::string("unknown"));
    IO.mapOptional("send", R.Send);
    IO.mapOptional("try-send", R.TrySend);
    IO.mapOptional("receive", R.Receive);
    IO.mapOptional("try-receive", R.TryReceive);
  }
  static std::string validate(IO &IO, ChannelRow &R) {
    if (readFailed(IO))
      return {};
    StringRef C(R.Capacity);
    unsigned N;
    bool CapOk = C == "unknown" ||
                 (C.starts_with("ctor-param:") && isIdentifier(C.substr(11))) ||
                 (C.starts_with("ctor-arg:") && !C.substr(9).getAsInteger(10, N));
    if (!CapOk)
      return "capacity: '" + R.Capacity +
             "' is not ctor-param:NAME, ctor-arg:N or unknown";
    if (R.Types.empty())
      return "types: a channel row names at least one type";
    return firstError({checkNames("types", R.Types),
                       checkNames("send", R.Send),
                       checkNames("try-send", R.TrySend),
                       checkNames("receive", R.Receive),
                       checkNames("try-receive", R.TryReceive)});
  }
};

template <> struct MappingTraits<SpawnRow> {
  static void mapping(IO &IO, SpawnRow &R) {
    R.Line = lineOf(IO);
    IO.mapRequired("call", R.Call);
    mapExecutor(IO, R.Executor, 0);
    IO.mapOptional("task", R.Task, 1);
    IO.mapOptional("object-is-task", R.ObjectIsTask, false);
  }
  static std::string validate(IO &IO, SpawnRow &R) {
    if (readFailed(IO))
      return {};
    return checkNames("call", R.Call);
  }
};

template <> struct MappingTraits<BoundaryRow> {
  static void mapping(IO &IO, BoundaryRow &R) {
    R.Line = lineOf(IO);
    IO.mapOptional("call", R.Call);
    IO.mapOptional("construct", R.Construct);
    mapExecutor(IO, R.Executor, -100);
    IO.mapOptional("callable", R.Callable, -1);
    IO.mapOptional("min-args", R.MinArgs, 1u);
    IO.mapOptional("skip-launch-policy", R.SkipLaunchPolicy, false);
    IO.mapOptional("copies-arguments", R.CopiesArguments, false);
    IO.mapOptional("describe", R.Describe);
  }
  static std::string validate(IO &IO, BoundaryRow &R) {
    if (readFailed(IO))
      return {};
    if (R.Call.empty() == R.Construct.empty())
      return "boundaries: a row needs exactly one of 'call', 'construct'";
    return firstError(
        {checkNames("call", R.Call), checkNames("construct", R.Construct)});
  }
};

template <> struct MappingTraits<ExecutorRow> {
  static void mapping(IO &IO, ExecutorRow &R) {
    R.Line = lineOf(IO);
    IO.mapOptional("types", R.Types);
    IO.mapOptional("factory", R.Factory);
    IO.mapRequired("kind", R.Kind);
    IO.mapOptional("run", R.Run);
    IO.mapOptional("describe", R.Describe);
  }
  static std::string validate(IO &IO, ExecutorRow &R) {
    if (readFailed(IO))
      return {};
    if (R.Types.empty() && R.Factory.empty())
      return "executors: a row needs 'types' or 'factory'";
    if (R.Kind == "counted" && R.Run.empty())
      return "run: a 'counted' executor names the methods that run it";
    return firstError(
        {checkNames("types", R.Types), checkNames("factory", R.Factory),
         checkNames("run", R.Run),
         oneOf("kind", R.Kind,
               {"multi", "serial", "counted", "unknown", "single"})});
  }
};

template <> struct MappingTraits<HopRow> {
  static void mapping(IO &IO, HopRow &R) {
    R.Line = lineOf(IO);
    IO.mapOptional("token", R.Token);
    IO.mapOptional("inner", R.Inner);
    IO.mapOptional("call", R.Call);
    mapExecutor(IO, R.Executor, 0);
    IO.mapOptional("returns", R.Returns, std::string("at-next-suspension"));
  }
  static std::string validate(IO &IO, HopRow &R) {
    if (readFailed(IO))
      return {};
    if (R.Token.empty() == R.Call.empty())
      return "hops: a row needs exactly one of 'token', 'call'";
    return firstError({checkNames("token", R.Token),
                       checkNames("inner", R.Inner),
                       checkNames("call", R.Call),
                       oneOf("returns", R.Returns,
                             {"at-next-suspension", "stays"})});
  }
};

/// "Qualifier", "ReturnValue" or an argument range.
static std::string checkFlowEnd(const char *Key, const std::string &V,
                         bool AllowReturn, bool AllowRange) {
  if (V == "Qualifier" || (AllowReturn && V == "ReturnValue"))
    return "";
  int A, B;
  if (parseArgRange(V, A, B) && (AllowRange || A == B))
    return "";
  return std::string(Key) + ": '" + V + "' is not " +
         (AllowReturn ? "ReturnValue, Qualifier or Argument[N]"
                      : "Qualifier or Argument[N..M]");
}

template <> struct MappingTraits<FlowRow> {
  static void mapping(IO &IO, FlowRow &R) {
    R.Line = lineOf(IO);
    IO.mapOptional("call", R.Call);
    IO.mapOptional("member", R.Member);
    IO.mapOptional("from", R.From, std::string("Argument[0..-1]"));
    IO.mapOptional("to", R.To, std::string("ReturnValue"));
    IO.mapOptional("kind", R.Kind, std::string("derives"));
  }
  static std::string validate(IO &IO, FlowRow &R) {
    if (readFailed(IO))
      return {};
    if (R.Call.empty() && R.Member.empty())
      return "flows: a row needs 'call' or 'member'";
    if (R.From == "Qualifier" && R.Member.empty())
      return "from: 'Qualifier' only for 'member' rows";
    if (R.To == "Qualifier" && R.Member.empty())
      return "to: 'Qualifier' only for 'member' rows";
    if (R.From == R.To)
      return "to: the same as 'from'";
    return firstError({checkNames("call", R.Call),
                       checkNames("member", R.Member),
                       checkFlowEnd("from", R.From, false, true),
                       checkFlowEnd("to", R.To, true, false),
                       oneOf("kind", R.Kind, {"derives", "none"})});
  }
};

template <> struct MappingTraits<TokenRow> {
  static void mapping(IO &IO, TokenRow &R) {
    R.Line = lineOf(IO);
    IO.mapRequired("type", R.Type);
    IO.mapOptional("errors", R.Errors, std::string("value"));
  }
  static std::string validate(IO &IO, TokenRow &R) {
    if (readFailed(IO))
      return {};
    if (R.Type.empty())
      return "type: a token row names at least one type";
    return firstError({checkNames("type", R.Type),
                       oneOf("errors", R.Errors, {"value", "throw"})});
  }
};

template <> struct MappingTraits<TypeRow> {
  static void mapping(IO &IO, TypeRow &R) {
    R.Line = lineOf(IO);
    IO.mapRequired("types", R.Types);
    IO.mapRequired("why", R.Why);
  }
  static std::string validate(IO &IO, TypeRow &R) {
    if (readFailed(IO))
      return {};
    return checkNames("types", R.Types);
  }
};

template <> struct MappingTraits<Profile> {
  static void mapping(IO &IO, Profile &P) {
    IO.mapRequired("id", P.Id);
    IO.mapOptional("title", P.Title);
    IO.mapOptional("mirrors", P.Mirrors);
    IO.mapOptional("namespaces", P.Namespaces);
    IO.mapOptional("awaits", P.Awaits);
    IO.mapOptional("selects", P.Selects);
    IO.mapOptional("channels", P.Channels);
    IO.mapOptional("spawns", P.Spawns);
    IO.mapOptional("boundaries", P.Boundaries);
    IO.mapOptional("executors", P.Executors);
    IO.mapOptional("executor-getters", P.ExecutorGetters);
    IO.mapOptional("hops", P.Hops);
    IO.mapOptional("flows", P.Flows);
    IO.mapOptional("tokens", P.Tokens);
    IO.mapOptional("not-send", P.NotSend);
    IO.mapOptional("locks", P.Locks);
    IO.mapOptional("thread-bound", P.ThreadBound);
    IO.mapOptional("single-thread-coroutines", P.SingleThreadCoroutines);
    IO.mapOptional("error-types", P.ErrorTypes);
    IO.mapOptional("eager-coroutines", P.EagerCoroutines);
    IO.mapOptional("wrappers", P.Wrappers);
    IO.mapOptional("opaque", P.Opaque);
    IO.mapOptional("async-mutexes", P.AsyncMutexes);
  }
  static std::string validate(IO &IO, Profile &P) {
    if (readFailed(IO))
      return {};
    if (P.Id.empty() || !llvm::all_of(P.Id, [](char C) {
          return llvm::isAlnum(C) || C == '-' || C == '_';
        }))
      return "id: '" + P.Id +
             "' is not a profile id (letters, digits, '-', '_')";
    return firstError({checkNames("namespaces", P.Namespaces),
                       checkNames("executor-getters", P.ExecutorGetters),
                       checkNames("error-types", P.ErrorTypes),
                       checkNames("eager-coroutines", P.EagerCoroutines),
                       checkNames("wrappers", P.Wrappers),
                       checkNames("opaque", P.Opaque),
                       checkNames("async-mutexes", P.AsyncMutexes)});
  }
};

} // namespace yaml
} // namespace llvm

LLVM_YAML_IS_SEQUENCE_VECTOR(AwaitRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(SelectRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(ChannelRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(SpawnRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(BoundaryRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(ExecutorRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(HopRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(FlowRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(TokenRow)
LLVM_YAML_IS_SEQUENCE_VECTOR(TypeRow)

namespace corosafe {

namespace {

void diagHandler(const llvm::SMDiagnostic &D, void *Ctx) {
  auto *Err = static_cast<std::string *>(Ctx);
  if (!Err->empty())
    return; // the first error is the one that matters
  std::string Msg = D.getMessage().str();
  // Errors about a value name its key, as the ones from validate() do.
  std::string Key = model::yamlKeyBefore(D.getLineContents(), D.getColumnNo());
  if (!Key.empty() && !StringRef(Msg).contains("key"))
    Msg = Key + ": " + Msg;
  *Err = D.getFilename().str() + ":" + std::to_string(D.getLineNo()) + ":" +
         std::to_string(D.getColumnNo() + 1) + ": " + Msg;
}

/// Does \p Text hold a YAML document with a node (what llvm::yaml::Input
/// maps; empty documents are skipped as it skips them)?
bool hasDocument(StringRef Text) {
  llvm::SourceMgr SM;
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream S(Text, SM);
  for (llvm::yaml::Document &D : S) {
    llvm::yaml::Node *N = D.getRoot();
    if (!N || S.failed())
      return false;
    if (!llvm::isa<llvm::yaml::NullNode>(N))
      return true;
  }
  return false;
}

/// FNV-1a, 64 bits: stable across hosts and runs.
std::string digestOf(const std::string &S) {
  uint64_t H = 1469598103934665603ULL;
  for (unsigned char C : S) {
    H ^= C;
    H *= 1099511628211ULL;
  }
  return llvm::utohexstr(H, /*LowerCase=*/true, 16);
}

} // namespace

bool parseProfile(StringRef Text, StringRef Name, Profile &Out,
                  std::string &Err) {
  Err.clear();
  LoadContext Ctx{Text.data()};
  llvm::yaml::Input In(llvm::MemoryBufferRef(Text, Name), &Ctx, diagHandler,
                       &Err);
  Out = Profile();
  // No document at all (empty, only comments, a lone '---', bytes the YAML
  // reader stops at): mapping nothing would set an error on no node. YAML
  // nodes are read once, so look with a stream of its own.
  if (!hasDocument(Text)) {
    Err = Name.str() + ": not a profile (no YAML document; a profile is a "
                       "YAML mapping with an 'id')";
    return false;
  }
  In >> Out;
  if (In.error() || !Err.empty()) {
    if (Err.empty())
      Err = Name.str() + ": not a profile (a YAML mapping with an 'id')";
    return false;
  }
  Out.Source = Name.str();
  return true;
}

Profile userProfile(const FullOptionLookup &Options) {
  Profile P;
  P.Id = "user";
  P.Title = "rule options and COROSAFE_* annotations";
  P.Source = "options";
  auto Get = [&](std::string_view Key) -> std::string {
    if (!Options)
      return "";
    return Options(Key).value_or("");
  };
  auto Absolute = [](std::vector<std::string> L) {
    for (std::string &N : L)
      N = "::" + N;
    return L;
  };
  if (auto L = splitQualifiedNames(Get("corosafe-send-escape.NonSendTypes"));
      !L.empty())
    P.NotSend.push_back({Absolute(L), "is listed in NonSendTypes", 0});
  if (auto L = splitQualifiedNames(
          Get("corosafe-thread-bound-across-suspend.ThreadBoundTypes"));
      !L.empty())
    P.ThreadBound.push_back({Absolute(L), "is listed in ThreadBoundTypes", 0});

  // Channel methods: an option of either channel rule, or the defaults.
  auto Methods = [&](std::string_view Key, const char *Default) {
    for (const char *Rule :
         {"corosafe-channel-cycle.", "corosafe-unbounded-channel."}) {
      std::string Full = std::string(Rule) + std::string(Key);
      if (Options)
        if (std::optional<std::string> V = Options(Full))
          return splitQualifiedNames(*V);
    }
    return splitQualifiedNames(Default);
  };
  ChannelRow Base;
  Base.Send = Methods("SendMethods", "send;push;push_back;emplace;"
                                     "emplace_back;enqueue;blockingWrite");
  Base.TrySend = Methods("TrySendMethods",
                         "try_send;try_push;try_enqueue;write;tryWriteUntil");
  Base.Receive =
      Methods("ReceiveMethods", "receive;pop;pop_front;dequeue;blockingRead");
  Base.TryReceive =
      Methods("TryReceiveMethods", "try_receive;try_pop;try_dequeue;read");
  Base.Capacity = "unknown";
  Base.Origin = "option";
  if (auto L =
          splitQualifiedNames(Get("corosafe-channel-cycle.BoundedChannelTypes"));
      !L.empty()) {
    ChannelRow R = Base;
    R.Types = Absolute(L);
    R.Bounded = true;
    P.Channels.push_back(R);
  }
  if (auto L = splitQualifiedNames(
          Get("corosafe-unbounded-channel.UnboundedChannelTypes"));
      !L.empty()) {
    ChannelRow R = Base;
    R.Types = Absolute(L);
    R.Bounded = false;
    P.Channels.push_back(R);
  }
  // Types marked COROSAFE_CHANNEL_*: their unmarked methods go by these
  // names. A row without types, matched through the annotation.
  ChannelRow Annotated = Base;
  Annotated.Origin = "annotation";
  P.Channels.push_back(Annotated);
  return P;
}

ProfileOptions profileOptions(const FullOptionLookup &Options) {
  ProfileOptions PO;
  if (!Options)
    return PO;
  if (auto V = Options(BuiltinProfilesOption))
    PO.Builtins = StringRef(*V).trim().str();
  if (auto V = Options(ProfilesOption)) {
    llvm::SmallVector<StringRef, 4> Parts;
    StringRef(*V).split(Parts, ';', -1, false);
    for (StringRef P : Parts)
      if (!P.trim().empty())
        PO.Files.push_back(P.trim().str());
  }
  return PO;
}

bool loadProfiles(const FullOptionLookup &Options, ProfileSet &Out,
                  std::string &Err) {
  Out = ProfileSet();
  ProfileOptions PO = profileOptions(Options);
  std::string Hashed;

  // Which built-ins.
  std::vector<std::string> Want;
  StringRef B(PO.Builtins);
  llvm::SmallVector<StringRef, 8> Items;
  B.split(Items, ';', -1, false);
  bool All = B == "all" || B.empty(), None = B == "none";
  bool Subtract = !All && !None && !Items.empty() &&
                  llvm::all_of(Items, [](StringRef I) {
                    return I.trim().starts_with("-");
                  });
  for (StringRef I : Items) {
    StringRef Id = I.trim();
    if (All || None)
      break;
    if (Subtract)
      Id = Id.drop_front();
    bool Known = llvm::any_of(builtinProfiles(), [&](const BuiltinProfile &P) {
      return P.Id == std::string_view(Id.data(), Id.size());
    });
    if (!Known) {
      std::string L;
      for (const BuiltinProfile &P : builtinProfiles())
        L += (L.empty() ? "" : ", ") + std::string(P.Id);
      Err = std::string(BuiltinProfilesOption) + ": unknown built-in profile '" +
            Id.str() + "' (known: " + L + "; or all, none, -ID)";
      return false;
    }
    Want.push_back(Id.str());
  }
  for (const BuiltinProfile &BP : builtinProfiles()) {
    bool Listed = llvm::is_contained(Want, std::string(BP.Id));
    bool On = All || (Subtract ? !Listed : (!None && Listed));
    if (!On)
      continue;
    Profile P;
    std::string PErr;
    StringRef Text(BP.Text.data(), BP.Text.size());
    if (!parseProfile(Text, "builtin:" + std::string(BP.Id), P, PErr)) {
      Err = PErr; // a bug in a built-in profile: the tests catch it
      return false;
    }
    Hashed += "builtin:" + std::string(BP.Id) + '\0' + Text.str() + '\0';
    Out.Profiles.push_back(std::move(P));
  }

  for (const std::string &F : PO.Files) {
    auto Buf = llvm::MemoryBuffer::getFile(F, /*IsText=*/true);
    if (!Buf) {
      Err = F + ": cannot read profile file (" + Buf.getError().message() +
            ")";
      return false;
    }
    Profile P;
    if (!parseProfile((*Buf)->getBuffer(), F, P, Err))
      return false;
    for (const Profile &Q : Out.Profiles)
      if (Q.Id == P.Id) {
        Err = F + ":1:1: id: profile '" + P.Id + "' is already loaded from " +
              Q.Source;
        return false;
      }
    Hashed += F + '\0' + (*Buf)->getBuffer().str() + '\0';
    Out.Profiles.push_back(std::move(P));
  }

  // Inline profiles of configuration files (ConfigFile.h).
  if (std::optional<std::string> V =
          Options ? Options(ConfigProfilesOption) : std::nullopt) {
    llvm::SmallVector<StringRef, 4> Refs;
    StringRef(*V).split(Refs, ';', -1, false);
    for (StringRef Ref : Refs) {
      Profile P;
      std::string Text;
      if (!readConfigProfile(Ref.trim().str(), P, Text, Err))
        return false;
      for (const Profile &Q : Out.Profiles)
        if (Q.Id == P.Id) {
          Err = Ref.trim().str() + ": id: profile '" + P.Id +
                "' is already loaded from " + Q.Source;
          return false;
        }
      Hashed += Ref.trim().str() + '\0' + Text + '\0';
      Out.Profiles.push_back(std::move(P));
    }
  }

  Profile U = userProfile(Options);
  for (const TypeRow &R : U.NotSend)
    for (const std::string &T : R.Types)
      Hashed += "not-send:" + T + '\0';
  for (const TypeRow &R : U.ThreadBound)
    for (const std::string &T : R.Types)
      Hashed += "thread-bound:" + T + '\0';
  for (const ChannelRow &R : U.Channels) {
    Hashed += "channel:" + std::to_string(R.Bounded) + ':';
    for (const NameList *L : {&R.Types, &R.Send, &R.TrySend, &R.Receive,
                              &R.TryReceive})
      for (const std::string &N : *L)
        Hashed += N + ',';
    Hashed += '\0';
  }
  Out.Profiles.push_back(std::move(U));
  Out.Digest = digestOf(Hashed);
  return true;
}

std::shared_ptr<const ProfileSet>
sharedProfiles(const FullOptionLookup &Options, std::string &Err) {
  // Loaded once per process and configuration: every TU of a run, every
  // check of the plugin, shares one set.
  static std::mutex Mu;
  static std::map<std::string, std::shared_ptr<const ProfileSet>> Cache;
  std::string Key;
  for (std::string_view K :
       {ProfilesOption, BuiltinProfilesOption, ConfigProfilesOption,
        std::string_view("corosafe-send-escape.NonSendTypes"),
        std::string_view("corosafe-thread-bound-across-suspend.ThreadBoundTypes"),
        std::string_view("corosafe-channel-cycle.BoundedChannelTypes"),
        std::string_view("corosafe-unbounded-channel.UnboundedChannelTypes"),
        std::string_view("corosafe-channel-cycle.SendMethods"),
        std::string_view("corosafe-channel-cycle.TrySendMethods"),
        std::string_view("corosafe-channel-cycle.ReceiveMethods"),
        std::string_view("corosafe-channel-cycle.TryReceiveMethods"),
        std::string_view("corosafe-unbounded-channel.SendMethods"),
        std::string_view("corosafe-unbounded-channel.TrySendMethods"),
        std::string_view("corosafe-unbounded-channel.ReceiveMethods"),
        std::string_view("corosafe-unbounded-channel.TryReceiveMethods")}) {
    std::optional<std::string> V = Options ? Options(K) : std::nullopt;
    Key += std::string(K) + (V ? "=" + *V : "") + '\0';
  }
  std::lock_guard<std::mutex> Lock(Mu);
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  auto Set = std::make_shared<ProfileSet>();
  if (!loadProfiles(Options, *Set, Err))
    return nullptr;
  Cache[Key] = Set;
  return Set;
}

void mapConfigProfile(llvm::yaml::IO &IO, const char *Key,
                      std::optional<Profile> &P, const char *BufferStart) {
  // The rows' traits read their line numbers through a LoadContext.
  void *Outer = IO.getContext();
  LoadContext Ctx{BufferStart};
  IO.setContext(&Ctx);
  IO.mapOptional(Key, P);
  IO.setContext(Outer);
}

} // namespace corosafe
