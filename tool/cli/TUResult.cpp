//===- TUResult.cpp - facts files: (de)serialization ---------------------===//
#include "TUResult.h"

#include "AtomicFile.h"

#include "corosafe/FactsSimdjson.h"
#include "corosafe/Output.h"

#include "corosafe/Rules.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <climits>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>

namespace corosafe {

using OJson = nlohmann::ordered_json;

std::string hashHex(std::string_view Bytes) {
  uint64_t H = llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(Bytes.data()), Bytes.size()));
  char Buf[17];
  std::snprintf(Buf, sizeof Buf, "%016llx", static_cast<unsigned long long>(H));
  return Buf;
}

std::string hashFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return "";
  llvm::StringRef B = (*Buf)->getBuffer();
  return hashHex(std::string_view(B.data(), B.size()));
}

std::string factsFileName(const std::string &TUPath) {
  return llvm::sys::path::stem(TUPath).str() + "." +
         hashHex(TUPath).substr(0, 8) + ".facts.json";
}

OJson AnalysisConfig::toJson() const {
  OJson J;
  J["rules"] = Rules;
  OJson O = OJson::object();
  for (const auto &[K, V] : Options)
    O[K] = V;
  J["options"] = std::move(O);
  J["headerFilter"] = HeaderFilter;
  J["profiles"] = ProfileDigest;
  return J;
}

bool AnalysisConfig::fromJson(const nlohmann::json &J, AnalysisConfig &Out) {
  if (!J.is_object() || !J.contains("rules") || !J.contains("options") ||
      !J.contains("headerFilter"))
    return false;
  Out.Rules = J["rules"].get<std::vector<std::string>>();
  Out.Options = J["options"].get<std::map<std::string, std::string>>();
  Out.HeaderFilter = J["headerFilter"].get<std::string>();
  Out.ProfileDigest = J.value("profiles", "");
  return true;
}

namespace {

OJson regionJson(const SourceRegion &R) {
  return OJson{{"file", R.File},
               {"line", R.Line},
               {"column", R.Column},
               {"endLine", R.EndLine},
               {"endColumn", R.EndColumn}};
}

/// The integer at \p Key, from \p Min to \p Max; anything else (a float, a
/// number out of range: converting it would be undefined) throws.
int64_t integerAt(const nlohmann::json &J, const char *Key, int64_t Min,
                  int64_t Max) {
  const nlohmann::json &V = J.at(Key);
  bool Ok = V.is_number_integer() &&
            (V.is_number_unsigned() ? V.get<uint64_t>() <= uint64_t(Max)
                                    : V.get<int64_t>() >= Min &&
                                          V.get<int64_t>() <= Max);
  if (!Ok)
    throw std::invalid_argument(std::string("\"") + Key +
                                "\" is not an integer from " +
                                std::to_string(Min) + " to " +
                                std::to_string(Max));
  return V.is_number_unsigned() ? int64_t(V.get<uint64_t>())
                                : V.get<int64_t>();
}

SourceRegion regionFrom(const nlohmann::json &J) {
  SourceRegion R;
  R.File = J.at("file").get<std::string>();
  R.Line = integerAt(J, "line", 0, UINT32_MAX);
  R.Column = integerAt(J, "column", 0, UINT32_MAX);
  R.EndLine = integerAt(J, "endLine", 0, UINT32_MAX);
  R.EndColumn = integerAt(J, "endColumn", 0, UINT32_MAX);
  return R;
}

OJson notesJson(const std::vector<RelatedNote> &Notes) {
  OJson A = OJson::array();
  for (const RelatedNote &N : Notes)
    A.push_back({{"loc", regionJson(N.Loc)}, {"message", N.Message}});
  return A;
}

std::vector<RelatedNote> notesFrom(const nlohmann::json &J) {
  std::vector<RelatedNote> Out;
  for (const auto &N : J)
    Out.push_back(
        {regionFrom(N.at("loc")), N.at("message").get<std::string>()});
  return Out;
}

OJson findingJson(const Finding &F) {
  OJson J;
  J["rule"] = F.RuleId;
  J["level"] = std::string(levelName(F.Lvl));
  J["loc"] = regionJson(F.Loc);
  J["message"] = F.Message;
  J["notes"] = notesJson(F.Notes);
  J["help"] = F.Help;
  J["enclosing"] = F.Enclosing;
  J["messageKey"] = F.MessageKey;
  J["flow"] = notesJson(F.Flow);
  if (F.Suppressed)
    J["suppressed"] = {{"kind", F.Suppressed->Kind},
                       {"comment", F.Suppressed->Comment}};
  return J;
}

Finding findingFrom(const nlohmann::json &J) {
  Finding F;
  F.RuleId = J.at("rule").get<std::string>();
  auto L = parseLevel(J.at("level").get<std::string>());
  if (!L)
    throw std::runtime_error("unknown level '" +
                             J.at("level").get<std::string>() + "'");
  F.Lvl = *L;
  F.Loc = regionFrom(J.at("loc"));
  F.Message = J.at("message").get<std::string>();
  F.Notes = notesFrom(J.at("notes"));
  F.Help = J.at("help").get<std::string>();
  F.Enclosing = J.at("enclosing").get<std::string>();
  F.MessageKey = J.at("messageKey").get<std::string>();
  F.Flow = notesFrom(J.at("flow"));
  if (J.contains("suppressed"))
    F.Suppressed =
        Suppression{J["suppressed"].at("kind").get<std::string>(),
                    J["suppressed"].at("comment").get<std::string>()};
  return F;
}

} // namespace

OJson toJson(const TUResult &R, TUResultUse Use) {
  OJson J;
  J["schema"] = TUResultSchema;
  J["schemaVersion"] = TUResultSchemaVersion;
  J["tool"] = {{"name", "corosafe"}, {"version", R.ToolVersion}};
  J["file"] = R.File;
  J["commandHash"] = R.CommandHash;
  J["config"] = R.Config.toJson();
  J["status"] = R.Ok ? "ok" : "failed";
  J["message"] = R.Message;
  OJson Findings = OJson::array();
  for (const Finding &F : R.Findings)
    Findings.push_back(findingJson(F));
  J["findings"] = std::move(Findings);
  J["facts"] = R.Facts ? corosafe::toJson(*R.Facts) : OJson();
  if (Use == TUResultUse::Exchange) {
    OJson Deps = OJson::array();
    for (const Dependency &D : R.Dependencies)
      Deps.push_back({{"path", D.Path}, {"xxh3", D.Hash}});
    J["dependencies"] = std::move(Deps);
  }
  return J;
}

bool fromJson(const nlohmann::json &J, TUResult &Out, std::string &Err) {
  try {
    if (!J.is_object() || !J.contains("schema") ||
        J["schema"] != TUResultSchema) {
      Err = "not a corosafe facts file (no \"schema\": \"" +
            std::string(TUResultSchema) + "\")";
      return false;
    }
    int64_t V = integerAt(J, "schemaVersion", INT32_MIN, INT32_MAX);
    if (V != TUResultSchemaVersion) {
      Err = "facts file schema version " + std::to_string(V) +
            ", this corosafe reads version " +
            std::to_string(TUResultSchemaVersion) +
            " (regenerate the facts with this corosafe)";
      return false;
    }
    Out.ToolVersion = J.at("tool").at("version").get<std::string>();
    if (Out.ToolVersion != toolVersion()) {
      Err = "facts file written by corosafe " + Out.ToolVersion +
            ", this is corosafe " + std::string(toolVersion()) +
            " (regenerate the facts with this corosafe)";
      return false;
    }
    Out.File = J.at("file").get<std::string>();
    Out.CommandHash = J.at("commandHash").get<std::string>();
    if (!AnalysisConfig::fromJson(J.at("config"), Out.Config)) {
      Err = "facts file has no valid \"config\"";
      return false;
    }
    std::string Status = J.at("status").get<std::string>();
    if (Status != "ok" && Status != "failed") {
      Err = "facts file has an unknown status '" + Status + "'";
      return false;
    }
    Out.Ok = Status == "ok";
    Out.Message = J.at("message").get<std::string>();
    Out.Findings.clear();
    for (const auto &F : J.at("findings"))
      Out.Findings.push_back(findingFrom(F));
    Out.Facts.reset();
    Out.FactsProblem.reset();
    const nlohmann::json &Facts = J.at("facts");
    if (!Facts.is_null()) {
      TUFacts F;
      if (std::optional<ToolNotification> Problem =
              readFacts(Facts, F, Out.File))
        Out.FactsProblem = std::move(Problem);
      else
        Out.Facts = std::move(F);
    }
    Out.Dependencies.clear();
    // A facts file written for the merge has none (TUResultUse::Facts).
    if (J.contains("dependencies"))
      for (const auto &D : J.at("dependencies"))
        Out.Dependencies.push_back({D.at("path").get<std::string>(),
                                    D.at("xxh3").get<std::string>()});
  } catch (const std::exception &E) {
    Err = std::string("malformed facts file: ") + E.what();
    return false;
  }
  return true;
}

/// A value of simdjson's DOM as a nlohmann value (the envelope of a facts
/// file: small, read by fromJson). Integers keep nlohmann's types: those
/// from 0 up are unsigned.
static nlohmann::json toNlohmann(simdjson::dom::element E) {
  switch (E.type()) {
  case simdjson::dom::element_type::ARRAY: {
    nlohmann::json A = nlohmann::json::array();
    simdjson::dom::array Elements;
    if (!E.get(Elements))
      for (simdjson::dom::element X : Elements)
        A.push_back(toNlohmann(X));
    return A;
  }
  case simdjson::dom::element_type::OBJECT: {
    nlohmann::json O = nlohmann::json::object();
    simdjson::dom::object Members;
    if (!E.get(Members))
      for (simdjson::dom::key_value_pair KV : Members)
        O[std::string(KV.key)] = toNlohmann(KV.value);
    return O;
  }
  case simdjson::dom::element_type::INT64: {
    int64_t I = E.get_int64().value_unsafe();
    if (I >= 0)
      return static_cast<uint64_t>(I);
    return I;
  }
  case simdjson::dom::element_type::UINT64:
    return E.get_uint64().value_unsafe();
  case simdjson::dom::element_type::DOUBLE:
    return E.get_double().value_unsafe();
  case simdjson::dom::element_type::STRING:
    return std::string(E.get_string().value_unsafe());
  case simdjson::dom::element_type::BOOL:
    return E.get_bool().value_unsafe();
  case simdjson::dom::element_type::NULL_VALUE:
    break;
  }
  return nullptr;
}

/// The fast path of parseTUResult: simdjson's parser, the facts object read
/// by readFactsFast and the rest by fromJson. False when it cannot decide
/// alone (not JSON to simdjson, facts it rejects): the caller then reads
/// the text with nlohmann, which says what is wrong.
/// The envelope of a facts file in its usual shape, read straight from
/// simdjson's DOM: each key once and of its type, the schema and tool
/// version this corosafe writes, no findings and no dependencies (what
/// --facts-dir writes for the merge). False for anything else, which
/// fromJson then reads and, if it must, explains. Keys it does not know
/// are ignored, as fromJson ignores them.
static bool envelopeFast(simdjson::dom::object Obj, TUResult &Out,
                         std::optional<simdjson::dom::element> &FactsValue) {
  TUResult R;
  unsigned Seen = 0;
  auto Once = [&Seen](unsigned Bit) {
    bool First = !(Seen & Bit);
    Seen |= Bit;
    return First;
  };
  auto Str = [](simdjson::dom::element E, std::string &Into) {
    std::string_view V;
    if (E.get_string().get(V))
      return false;
    Into.assign(V.data(), V.size());
    return true;
  };
  auto EmptyArray = [](simdjson::dom::element E) {
    simdjson::dom::array A;
    return !E.get_array().get(A) && A.size() == 0;
  };
  enum : unsigned {
    Schema = 1, Version = 2, Tool = 4, File = 8, Hash = 16, Config = 32,
    Status = 64, Message = 128, Findings = 256, Facts = 512, Deps = 1024
  };
  for (simdjson::dom::key_value_pair KV : Obj) {
    std::string_view K = KV.key;
    simdjson::dom::element V = KV.value;
    if (K == "schema") {
      std::string_view S;
      if (!Once(Schema) || V.get_string().get(S) || S != TUResultSchema)
        return false;
    } else if (K == "schemaVersion") {
      int64_t N;
      if (!Once(Version) || V.get_int64().get(N) ||
          N != TUResultSchemaVersion)
        return false;
    } else if (K == "tool") {
      simdjson::dom::object T;
      if (!Once(Tool) || V.get_object().get(T))
        return false;
      unsigned Versions = 0;
      for (simdjson::dom::key_value_pair TKV : T)
        if (TKV.key == "version" &&
            (++Versions > 1 || !Str(TKV.value, R.ToolVersion)))
          return false;
      if (Versions != 1 || R.ToolVersion != toolVersion())
        return false;
    } else if (K == "file") {
      if (!Once(File) || !Str(V, R.File))
        return false;
    } else if (K == "commandHash") {
      if (!Once(Hash) || !Str(V, R.CommandHash))
        return false;
    } else if (K == "config") {
      simdjson::dom::object C;
      if (!Once(Config) || V.get_object().get(C))
        return false;
      unsigned CSeen = 0;
      for (simdjson::dom::key_value_pair CKV : C) {
        std::string_view CK = CKV.key;
        unsigned Bit = CK == "rules" ? 1 : CK == "options" ? 2
                       : CK == "headerFilter" ? 4 : CK == "profiles" ? 8 : 0;
        if (!Bit)
          continue;
        if (CSeen & Bit)
          return false;
        CSeen |= Bit;
        if (Bit == 1) {
          simdjson::dom::array A;
          if (CKV.value.get_array().get(A))
            return false;
          for (simdjson::dom::element E : A)
            if (!Str(E, R.Config.Rules.emplace_back()))
              return false;
        } else if (Bit == 2) {
          simdjson::dom::object O;
          if (CKV.value.get_object().get(O))
            return false;
          for (simdjson::dom::key_value_pair OKV : O) {
            std::string Value;
            if (!Str(OKV.value, Value) ||
                !R.Config.Options
                     .emplace(std::string(OKV.key), std::move(Value))
                     .second)
              return false;
          }
        } else if (!Str(CKV.value, Bit == 4 ? R.Config.HeaderFilter
                                            : R.Config.ProfileDigest)) {
          return false;
        }
      }
      if ((CSeen & 7) != 7)
        return false;
    } else if (K == "status") {
      std::string_view S;
      if (!Once(Status) || V.get_string().get(S) ||
          (S != "ok" && S != "failed"))
        return false;
      R.Ok = S == "ok";
    } else if (K == "message") {
      if (!Once(Message) || !Str(V, R.Message))
        return false;
    } else if (K == "findings") {
      if (!Once(Findings) || !EmptyArray(V))
        return false;
    } else if (K == "facts") {
      if (!Once(Facts))
        return false;
      if (!V.is_null())
        FactsValue = V;
    } else if (K == "dependencies") {
      if (!Once(Deps) || !EmptyArray(V))
        return false;
    }
  }
  if ((Seen | Deps) != 2047u)
    return false;
  Out = std::move(R);
  return true;
}

static bool parseFast(std::string_view Text, bool Padded, TUResult &Out,
                      std::string &Err, bool &Decided) {
  Decided = false;
  // One parser per thread: it keeps its buffers from file to file.
  thread_local simdjson::dom::parser Parser;
  simdjson::dom::element Doc;
  simdjson::dom::object Obj;
  // Text that is followed by simdjson's padding is parsed where it is;
  // other text is copied into a padded buffer first.
  if (Parser.parse(Text.data(), Text.size(), /*realloc_if_needed=*/!Padded)
          .get(Doc) ||
      Doc.get(Obj))
    return false;
  std::optional<simdjson::dom::element> FactsValue;
  {
    TUResult R;
    if (envelopeFast(Obj, R, FactsValue)) {
      TUFacts Facts;
      if (FactsValue && !readFactsFast(*FactsValue, Facts))
        return false;
      Decided = true;
      if (FactsValue)
        R.Facts = std::move(Facts);
      Out = std::move(R);
      return true;
    }
    FactsValue.reset();
  }
  nlohmann::json J = nlohmann::json::object();
  for (simdjson::dom::key_value_pair KV : Obj) {
    if (KV.key == "facts" && !KV.value.is_null()) {
      FactsValue = KV.value;
      J["facts"] = nullptr; // read below
      continue;
    }
    if (KV.key == "facts")
      FactsValue.reset(); // the last of duplicate keys counts, as in nlohmann
    J[std::string(KV.key)] = toNlohmann(KV.value);
  }
  TUFacts Facts;
  if (FactsValue && !readFactsFast(*FactsValue, Facts))
    return false;
  Decided = true;
  if (!fromJson(J, Out, Err))
    return false;
  if (FactsValue)
    Out.Facts = std::move(Facts);
  return true;
}

static bool parseTUResult(std::string_view Text, bool Padded, TUResult &Out,
                          std::string &Err) {
  bool Decided = false;
  bool Ok = parseFast(Text, Padded, Out, Err, Decided);
  if (Decided)
    return Ok;
  Err.clear();
  nlohmann::json J = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (J.is_discarded()) {
    Err = "malformed facts file (not JSON)";
    return false;
  }
  return fromJson(J, Out, Err);
}

bool parseTUResult(std::string_view Text, TUResult &Out, std::string &Err) {
  return parseTUResult(Text, /*Padded=*/false, Out, Err);
}

bool readTUResult(const std::string &Path, TUResult &Out, std::string &Err) {
  // A merge reads a hundred thousand small files: plain reads into one
  // buffer per thread, kept with simdjson's padding after the text, so that
  // nothing is allocated or copied per file (llvm::MemoryBuffer allocates,
  // and blocks every signal around each close: two more system calls).
  thread_local std::string Buf;
  auto Fail = [&](int E) {
    Err = "cannot read '" + Path + "': " +
          std::make_error_code(static_cast<std::errc>(E)).message();
    return false;
  };
  int FD;
  do
    FD = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  while (FD < 0 && errno == EINTR);
  if (FD < 0)
    return Fail(errno);
  struct stat St;
  size_t Size = 0;
  if (::fstat(FD, &St) == 0 && St.st_size > 0)
    Size = static_cast<size_t>(St.st_size);
  size_t Len = 0;
  for (;;) {
    // Room for what fstat announced and one more byte, to see the end.
    if (Buf.size() < std::max(Size, Len) + 1 + simdjson::SIMDJSON_PADDING)
      Buf.resize(std::max(Size, 2 * Len) + 4096 + simdjson::SIMDJSON_PADDING);
    ssize_t N = ::read(FD, Buf.data() + Len,
                       Buf.size() - simdjson::SIMDJSON_PADDING - Len);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0) {
      int E = errno;
      ::close(FD);
      return Fail(E);
    }
    if (N == 0)
      break;
    Len += static_cast<size_t>(N);
    if (Size && Len == Size)
      break; // all that fstat announced: no read to see the end
  }
  ::close(FD);
  return parseTUResult(std::string_view(Buf.data(), Len), /*Padded=*/true,
                       Out, Err);
}

std::string tuResultText(const TUResult &R, TUResultUse Use) {
  return dumpJson(toJson(R, Use)) + "\n";
}

bool writeTUResult(const TUResult &R, const std::string &Path,
                   std::string &Err, TUResultUse Use) {
  return writeFileAtomically(Path, tuResultText(R, Use), Err);
}

} // namespace corosafe
