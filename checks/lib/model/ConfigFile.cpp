//===- ConfigFile.cpp - .corosafe.yaml ------------------------------------===//
//
// Read with LLVM's YAML I/O, like the profiles: every key is known, and the
// first error stops the read with "FILE:LINE:COL: KEY: what is wrong". The
// inline `Profile` is mapped by the profile reader's own traits
// (ProfileLoader.cpp, mapConfigProfile), so every row kind works and its
// errors carry the configuration file's line numbers.
//
//===----------------------------------------------------------------------===//
#include "corosafe/ConfigFile.h"
#include "corosafe/ProfileLoader.h"
#include "corosafe/Rules.h"
#include "corosafe/Suppressions.h"

#include "YamlKeys.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/YAMLTraits.h"

#include <mutex>

using namespace corosafe;
using llvm::StringRef;

namespace {

/// A glob of Overrides' Paths, checked when read.
struct PathGlob {
  std::string Text;
};

/// Checks, WarningsAsErrors: a clang-tidy glob list, checked when read.
struct RuleGlobs {
  std::string Text;
};

/// HeaderFilterRegex, checked when read.
struct RegexText {
  std::string Text;
};

/// CheckOptions: "RULE.KEY" -> value; RULE must be a rule (or "corosafe").
struct OptionsMap {
  std::map<std::string, std::string> Values;
};

struct RawKeys {
  std::optional<RuleGlobs> Checks, WarningsAsErrors;
  std::optional<std::string> CacheMaxSize, BuiltinProfiles;
  std::optional<RegexText> HeaderFilterRegex;
  std::optional<std::vector<std::string>> Profiles;
  std::optional<OptionsMap> CheckOptions;
  std::optional<Profile> InlineProfile;
};

struct RawOverride {
  std::vector<PathGlob> Paths;
  RawKeys Keys;
};

struct RawConfig {
  RawKeys Keys;
  std::optional<bool> InheritParentConfig;
  std::vector<RawOverride> Overrides;
};

/// The IO context: the buffer, for the profile rows' line numbers.
struct ReadContext {
  const char *Start = nullptr;
};

} // namespace

namespace llvm {
namespace yaml {

template <> struct ScalarTraits<PathGlob> {
  static void output(const PathGlob &G, void *, raw_ostream &OS) {
    OS << G.Text;
  }
  static StringRef input(StringRef S, void *, PathGlob &G) {
    G.Text = S.str();
    if (S.empty())
      return "Paths: an empty glob";
    Expected<GlobPattern> P = GlobPattern::create(S);
    if (!P) {
      static thread_local std::string Msg;
      Msg = "Paths: invalid glob '" + S.str() + "': " + toString(P.takeError());
      return Msg;
    }
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::Double; }
};

template <> struct ScalarTraits<RuleGlobs> {
  static void output(const RuleGlobs &G, void *, raw_ostream &OS) {
    OS << G.Text;
  }
  static StringRef input(StringRef S, void *, RuleGlobs &G) {
    G.Text = S.str();
    SmallVector<StringRef, 8> Parts;
    S.split(Parts, ',');
    for (StringRef P : Parts) {
      StringRef Glob = P.trim();
      Glob.consume_front("-");
      for (char C : Glob)
        if (!(isAlnum(C) || C == '-' || C == '_' || C == '*' || C == '.')) {
          static thread_local std::string Msg;
          Msg = "'" + P.trim().str() +
                "' is not a rule glob (rule ids, '*', a leading '-')";
          return Msg;
        }
    }
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::Double; }
};

template <> struct ScalarTraits<RegexText> {
  static void output(const RegexText &R, void *, raw_ostream &OS) {
    OS << R.Text;
  }
  static StringRef input(StringRef S, void *, RegexText &R) {
    R.Text = S.str();
    std::string E;
    if (!Regex(S).isValid(E)) {
      static thread_local std::string Msg;
      Msg = "HeaderFilterRegex: invalid regex '" + S.str() + "': " + E;
      return Msg;
    }
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::Double; }
};

template <> struct CustomMappingTraits<OptionsMap> {
  static void inputOne(IO &IO, StringRef Key, OptionsMap &M) {
    IO.mapRequired(Key.str().c_str(), M.Values[Key.str()]);
    size_t Dot = Key.rfind('.');
    StringRef Rule = Dot == StringRef::npos ? StringRef() : Key.take_front(Dot);
    if (Dot == StringRef::npos || Dot + 1 == Key.size())
      IO.setError("CheckOptions: '" + Key + "' is not RULE.KEY");
    else if (Rule == "corosafe"
                 ? !llvm::is_contained(
                       {ProfilesOption, BuiltinProfilesOption,
                        WarningsAsErrorsOption},
                       std::string_view(Key.data(), Key.size()))
                 : !findRule(std::string_view(Rule.data(), Rule.size())))
      IO.setError("CheckOptions: option '" + Key +
                  "' names no rule (see corosafe --list-rules)");
  }
  static void output(IO &IO, OptionsMap &M) {
    for (auto &[K, V] : M.Values)
      IO.mapRequired(K.c_str(), V);
  }
};

void mapKeys(IO &IO, RawKeys &K) {
  IO.mapOptional("Checks", K.Checks);
  IO.mapOptional("WarningsAsErrors", K.WarningsAsErrors);
  IO.mapOptional("HeaderFilterRegex", K.HeaderFilterRegex);
  IO.mapOptional("CacheMaxSize", K.CacheMaxSize);
  IO.mapOptional("BuiltinProfiles", K.BuiltinProfiles);
  IO.mapOptional("Profiles", K.Profiles);
  IO.mapOptional("CheckOptions", K.CheckOptions);
  auto *Ctx = static_cast<ReadContext *>(IO.getContext());
  corosafe::mapConfigProfile(IO, "Profile", K.InlineProfile,
                             Ctx ? Ctx->Start : nullptr);
}

template <> struct MappingTraits<RawOverride> {
  static void mapping(IO &IO, RawOverride &O) {
    IO.mapRequired("Paths", O.Paths);
    mapKeys(IO, O.Keys);
  }
  static std::string validate(IO &IO, RawOverride &O) {
    if (IO.outputting())
      return {};
    auto &In = static_cast<Input &>(IO);
    if (In.error() || !In.getCurrentNode())
      return {}; // the first error is the one to show
    if (O.Paths.empty())
      return "Paths: lists no glob";
    return {};
  }
};

template <> struct MappingTraits<RawConfig> {
  static void mapping(IO &IO, RawConfig &C) {
    mapKeys(IO, C.Keys);
    IO.mapOptional("InheritParentConfig", C.InheritParentConfig);
    IO.mapOptional("Overrides", C.Overrides);
  }
};

} // namespace yaml
} // namespace llvm

LLVM_YAML_IS_SEQUENCE_VECTOR(PathGlob)
LLVM_YAML_IS_SEQUENCE_VECTOR(RawOverride)

namespace {

struct DiagContext {
  std::string *Err;
  StringRef Text;
};

/// The key of a block value that starts on the line below it ("Profiles:"
/// then "  first: a.yaml"): the last key of the nearest line above \p At
/// that ends with ':', if only blank or comment lines are between.
std::string keyAbove(StringRef Text, const char *At) {
  if (!At || At < Text.begin() || At > Text.end())
    return "";
  size_t Pos = At - Text.begin();
  size_t LineStart = Text.rfind('\n', Pos == 0 ? 0 : Pos - 1);
  if (LineStart == StringRef::npos || Pos == 0)
    return "";
  if (!Text.slice(LineStart + 1, Pos).ltrim(" -").empty())
    return ""; // something before the value on its own line
  while (LineStart != StringRef::npos && LineStart > 0) {
    size_t Prev = Text.rfind('\n', LineStart - 1);
    StringRef Line =
        Text.slice(Prev == StringRef::npos ? 0 : Prev + 1, LineStart);
    StringRef T = Line.split('#').first.rtrim();
    if (!T.trim().empty())
      return model::yamlKeyBefore(T, static_cast<int>(T.size()));
    LineStart = Prev;
  }
  return "";
}

void diagHandler(const llvm::SMDiagnostic &D, void *Ctx) {
  auto *C = static_cast<DiagContext *>(Ctx);
  if (!C->Err->empty())
    return; // the first error is the one that matters
  std::string Msg = D.getMessage().str();
  if (Msg == "unexpected scalar") // YAML I/O's words for "not a scalar"
    Msg = "not a scalar (a string or a number)";
  std::string Key = model::yamlKeyBefore(D.getLineContents(), D.getColumnNo());
  if (Key.empty())
    Key = keyAbove(C->Text, D.getLoc().getPointer());
  if (!Key.empty() && !StringRef(Msg).contains("key") &&
      !StringRef(Msg).starts_with(Key + ":"))
    Msg = Key + ": " + Msg;
  *C->Err = D.getFilename().str() + ":" + std::to_string(D.getLineNo()) +
            ":" + std::to_string(D.getColumnNo() + 1) + ": " + Msg;
}

/// Does \p Text hold a YAML document with a node?
bool hasDocument(StringRef Text) {
  llvm::SourceMgr SM;
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream S(Text, SM);
  for (llvm::yaml::Document &D : S) {
    llvm::yaml::Node *N = D.getRoot();
    if (!N || S.failed())
      return true; // let the reader report it
    if (!llvm::isa<llvm::yaml::NullNode>(N))
      return true;
  }
  return S.failed();
}

bool parseRaw(StringRef Text, const std::string &Path, RawConfig &Out,
              std::string &Err) {
  Err.clear();
  Out = RawConfig();
  if (!hasDocument(Text))
    return true; // empty: an empty configuration
  ReadContext Ctx{Text.data()};
  DiagContext Diag{&Err, Text};
  llvm::yaml::Input In(llvm::MemoryBufferRef(Text, Path), &Ctx, diagHandler,
                       &Diag);
  In >> Out;
  if (In.error() || !Err.empty()) {
    if (Err.empty())
      Err = Path + ": not a configuration (a YAML mapping)";
    return false;
  }
  return true;
}

std::string absolute(StringRef P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

void cook(const RawKeys &R, const std::string &Dir, const std::string &Ref,
          ConfigKeys &K) {
  if (R.Checks)
    K.Checks = R.Checks->Text;
  if (R.WarningsAsErrors)
    K.WarningsAsErrors = R.WarningsAsErrors->Text;
  if (R.HeaderFilterRegex)
    K.HeaderFilterRegex = R.HeaderFilterRegex->Text;
  K.CacheMaxSize = R.CacheMaxSize;
  K.BuiltinProfiles = R.BuiltinProfiles;
  if (R.Profiles) {
    K.Profiles.emplace();
    for (const std::string &F : *R.Profiles) {
      llvm::SmallString<256> P(F);
      if (!llvm::sys::path::is_absolute(P)) {
        P = Dir;
        llvm::sys::path::append(P, F);
      }
      K.Profiles->push_back(absolute(P));
    }
  }
  if (R.CheckOptions)
    K.CheckOptions = R.CheckOptions->Values;
  if (R.InlineProfile)
    K.InlineProfile = Ref;
}

bool matches(const ConfigOverride &O, const std::string &Dir,
             const std::string &Source) {
  StringRef Rel(Source);
  if (!(Rel.consume_front(Dir) && Rel.consume_front("/")))
    Rel = Source;
  for (const std::string &G : O.Paths) {
    llvm::Expected<llvm::GlobPattern> P = llvm::GlobPattern::create(G);
    if (!P) {
      llvm::consumeError(P.takeError());
      continue;
    }
    if (P->match(Rel))
      return true;
  }
  return false;
}

void replaceKeys(ConfigKeys &To, const ConfigKeys &From) {
  for (auto [T, F] : {std::pair{&To.Checks, &From.Checks},
                      {&To.WarningsAsErrors, &From.WarningsAsErrors},
                      {&To.HeaderFilterRegex, &From.HeaderFilterRegex},
                      {&To.CacheMaxSize, &From.CacheMaxSize},
                      {&To.BuiltinProfiles, &From.BuiltinProfiles},
                      {&To.InlineProfile, &From.InlineProfile}})
    if (*F)
      *T = *F;
  if (From.Profiles)
    To.Profiles = From.Profiles;
  for (const auto &[K, V] : From.CheckOptions)
    To.CheckOptions[K] = V;
}

std::string join(const std::vector<std::string> &L) {
  std::string S;
  for (const std::string &E : L)
    S += (S.empty() ? "" : ";") + E;
  return S;
}

} // namespace

namespace corosafe {

bool parseConfigFile(std::string_view Text, const std::string &Path,
                     ConfigFile &Out, std::string &Err) {
  RawConfig R;
  if (!parseRaw(StringRef(Text.data(), Text.size()), Path, R, Err))
    return false;
  Out = ConfigFile();
  Out.Path = absolute(Path);
  llvm::SmallString<256> Dir(Out.Path);
  llvm::sys::path::remove_filename(Dir);
  Out.Dir = std::string(Dir);
  Out.InheritParentConfig = R.InheritParentConfig.value_or(false);
  cook(R.Keys, Out.Dir, Out.Path + "#Profile", Out);
  for (size_t I = 0; I < R.Overrides.size(); ++I) {
    const RawOverride &RO = R.Overrides[I];
    ConfigOverride O;
    for (const PathGlob &G : RO.Paths)
      O.Paths.push_back(G.Text);
    cook(RO.Keys, Out.Dir, Out.Path + "#Overrides[" + std::to_string(I) + "]",
         O.Keys);
    Out.Overrides.push_back(std::move(O));
  }
  return true;
}

bool readConfigFile(const std::string &Path, ConfigFile &Out,
                    std::string &Err) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Err = "cannot read config file '" + Path + "' (" +
          Buf.getError().message() + ")";
    return false;
  }
  return parseConfigFile((*Buf)->getBuffer().str(), Path, Out, Err);
}

bool configChain(const std::string &SourceFile, const std::string &Explicit,
                 std::vector<std::shared_ptr<const ConfigFile>> &Chain,
                 std::string &Err) {
  static std::mutex Mu;
  struct Loaded {
    std::shared_ptr<const ConfigFile> File;
    llvm::sys::TimePoint<> Modified;
    uint64_t Size = 0;
  };
  // Read once per process, again when changed (the language server).
  static std::map<std::string, Loaded> Files;
  static std::map<std::string, std::string> Nearest; // dir -> file or ""
  std::lock_guard<std::mutex> Lock(Mu);
  Chain.clear();
  auto Load =
      [&](const std::string &Path) -> std::shared_ptr<const ConfigFile> {
    llvm::sys::fs::file_status St;
    bool Stat = !llvm::sys::fs::status(Path, St);
    auto It = Files.find(Path);
    if (It != Files.end() && Stat &&
        It->second.Modified == St.getLastModificationTime() &&
        It->second.Size == St.getSize())
      return It->second.File;
    auto C = std::make_shared<ConfigFile>();
    if (!readConfigFile(Path, *C, Err))
      return nullptr;
    if (Stat)
      Files[Path] = {C, St.getLastModificationTime(), St.getSize()};
    return C;
  };
  auto NearestFrom = [&](std::string Dir) -> std::string {
    std::vector<std::string> Seen;
    std::string Found;
    while (!Dir.empty()) {
      auto It = Nearest.find(Dir);
      if (It != Nearest.end()) {
        Found = It->second;
        break;
      }
      Seen.push_back(Dir);
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, ConfigFileName);
      if (llvm::sys::fs::is_regular_file(P)) {
        Found = std::string(P);
        break;
      }
      StringRef Parent = llvm::sys::path::parent_path(Dir);
      if (Parent == Dir)
        break;
      Dir = Parent.str();
    }
    for (const std::string &D : Seen)
      Nearest[D] = Found;
    return Found;
  };
  std::string Next;
  if (!Explicit.empty()) {
    Next = absolute(Explicit);
  } else {
    llvm::SmallString<256> Dir(absolute(SourceFile));
    llvm::sys::path::remove_filename(Dir);
    Next = NearestFrom(std::string(Dir));
  }
  std::vector<std::shared_ptr<const ConfigFile>> Nearer;
  while (!Next.empty()) {
    std::shared_ptr<const ConfigFile> C = Load(Next);
    if (!C)
      return false;
    Nearer.push_back(C);
    if (!C->InheritParentConfig)
      break;
    StringRef Parent = llvm::sys::path::parent_path(C->Dir);
    if (Parent.empty() || Parent == C->Dir)
      break;
    Next = NearestFrom(Parent.str());
    for (const auto &Q : Nearer)
      if (Q->Path == Next)
        Next.clear(); // a loop (a file given explicitly inherits itself)
  }
  Chain.assign(Nearer.rbegin(), Nearer.rend());
  return true;
}

EffectiveConfig
mergeConfig(const std::vector<std::shared_ptr<const ConfigFile>> &Chain,
            const std::string &SourceFile) {
  EffectiveConfig E;
  for (const std::shared_ptr<const ConfigFile> &F : Chain) {
    ConfigKeys K = *F;
    E.Sources.push_back(F->Path);
    if (!SourceFile.empty())
      for (size_t I = 0; I < F->Overrides.size(); ++I)
        if (matches(F->Overrides[I], F->Dir, SourceFile)) {
          replaceKeys(K, F->Overrides[I].Keys);
          E.Sources.push_back(F->Path + " Overrides[" + std::to_string(I) +
                              "]");
        }
    auto Append = [](std::optional<std::string> &To,
                     const std::optional<std::string> &From) {
      if (From)
        To = To && !To->empty() ? *To + "," + *From : *From;
    };
    Append(E.Keys.Checks, K.Checks);
    Append(E.Keys.WarningsAsErrors, K.WarningsAsErrors);
    for (auto [T, Fr] :
         {std::pair{&E.Keys.HeaderFilterRegex, &K.HeaderFilterRegex},
          {&E.Keys.CacheMaxSize, &K.CacheMaxSize},
          {&E.Keys.BuiltinProfiles, &K.BuiltinProfiles}})
      if (*Fr)
        *T = *Fr;
    if (K.Profiles) {
      if (!E.Keys.Profiles)
        E.Keys.Profiles.emplace();
      for (const std::string &P : *K.Profiles)
        if (std::find(E.Keys.Profiles->begin(), E.Keys.Profiles->end(), P) ==
            E.Keys.Profiles->end())
          E.Keys.Profiles->push_back(P);
    }
    for (const auto &[Key, V] : K.CheckOptions)
      E.Keys.CheckOptions[Key] = V;
    if (K.InlineProfile)
      E.InlineProfiles.push_back(*K.InlineProfile);
  }
  return E;
}

void configOptions(const EffectiveConfig &C,
                   std::map<std::string, std::string> &Options) {
  for (const auto &[K, V] : C.Keys.CheckOptions)
    Options.emplace(K, V);
  if (C.Keys.Profiles)
    Options.emplace(std::string(ProfilesOption), join(*C.Keys.Profiles));
  if (C.Keys.BuiltinProfiles)
    Options.emplace(std::string(BuiltinProfilesOption),
                    *C.Keys.BuiltinProfiles);
  if (!C.InlineProfiles.empty())
    Options.emplace(std::string(ConfigProfilesOption), join(C.InlineProfiles));
  if (C.Keys.WarningsAsErrors)
    Options.emplace(std::string(WarningsAsErrorsOption),
                    *C.Keys.WarningsAsErrors);
}

bool readConfigProfile(const std::string &Ref, Profile &Out, std::string &Text,
                       std::string &Err) {
  size_t Hash = Ref.rfind('#');
  if (Hash == std::string::npos) {
    Err = std::string(ConfigProfilesOption) + ": '" + Ref +
          "' is not FILE#Profile or FILE#Overrides[N]";
    return false;
  }
  std::string Path = Ref.substr(0, Hash);
  StringRef Key = StringRef(Ref).substr(Hash + 1);
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Err = Path + ": cannot read config file (" + Buf.getError().message() + ")";
    return false;
  }
  Text = (*Buf)->getBuffer().str();
  RawConfig R;
  if (!parseRaw(Text, Path, R, Err))
    return false;
  const std::optional<Profile> *P = nullptr;
  unsigned N = 0;
  if (Key == "Profile") {
    P = &R.Keys.InlineProfile;
  } else if (Key.consume_front("Overrides[") && Key.consume_back("]") &&
             !Key.getAsInteger(10, N) && N < R.Overrides.size()) {
    P = &R.Overrides[N].Keys.InlineProfile;
  }
  if (!P || !*P) {
    Err = Path + ": no inline profile at '" + Ref.substr(Hash + 1) +
          "' (the file changed during the run?)";
    return false;
  }
  Out = **P;
  Out.Source = Ref;
  return true;
}

bool ruleGlobsMatch(std::string_view Globs, std::string_view Id) {
  bool On = false;
  llvm::SmallVector<StringRef, 8> Parts;
  StringRef(Globs.data(), Globs.size()).split(Parts, ',');
  for (StringRef P : Parts) {
    StringRef G = P.trim();
    if (G.empty())
      continue;
    bool Neg = G.consume_front("-");
    if (globMatches(std::string_view(G.data(), G.size()), Id))
      On = !Neg;
  }
  return On;
}

} // namespace corosafe
