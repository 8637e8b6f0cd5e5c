//===- Server.cpp - `corosafe lsp` ----------------------------------------===//
//
// The server's state:
//
//   documents  the files the editor has open (URI, real path, text)
//   projects   one per compilation database (the directory holding the
//              compile_commands.json found for a file, as clangd finds it);
//              each keeps the latest TUResult of every TU analyzed, the
//              merged findings, and the state of its project-wide run
//   jobs       TUs waiting for or running in a worker process
//
// Opening a file analyzes it (from the cache or in a worker). When a
// whole-program rule is enabled, the first file opened in a project also
// starts the project-wide analysis of every TU of its database (most from
// the cache); its whole-program findings (channel cycles) appear once every
// TU has a result, and are recomputed whenever a result arrives. Saving a
// file analyzes it and every TU that read it again; a run still going for
// the same TU is killed first.
//
//===----------------------------------------------------------------------===//
#include "Server.h"
#include "corosafe/FactsSchema.h"

#include "Transport.h"

#include "../AtomicFile.h"
#include "../Cache.h"
#include "../CommandLine.h"
#include "../Interrupt.h"
#include "../Runner.h"
#include "../Workers.h"

#include "corosafe/ConfigFile.h"
#include "corosafe/Facts.h"
#include "corosafe/Output.h"
#include "corosafe/Profile.h"
#include "corosafe/Rules.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <deque>
#include <iostream>
#include <map>
#include <optional>
#include <poll.h>
#include <set>
#include <thread>
#include <unistd.h>

namespace corosafe::lsp {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
constexpr int ParseError = -32700, InvalidRequest = -32600,
              MethodNotFound = -32601, InvalidParams = -32602,
              ServerNotInitialized = -32002;

/// The code of the diagnostic of a TU that could not be analyzed.
constexpr const char *FailedCode = "corosafe-tu-failed";
constexpr const char *OpenDocsCommand = "corosafe.openDocs";

struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string realPath(const std::string &P) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(P, Real))
    return std::string(Real);
  llvm::SmallString<256> S(P);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

std::string absolutePath(const std::string &P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

// --- URIs --------------------------------------------------------------------

int hexValue(char C) {
  if (C >= '0' && C <= '9')
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

/// The path of a file: URI, or nullopt for other schemes and bad escapes.
std::optional<std::string> uriToPath(const std::string &Uri) {
  if (Uri.compare(0, 7, "file://") != 0)
    return std::nullopt;
  std::string Rest = Uri.substr(7);
  size_t Slash = Rest.find('/');
  if (Slash == std::string::npos)
    return std::nullopt;
  std::string Authority = Rest.substr(0, Slash);
  if (!Authority.empty() && Authority != "localhost")
    return std::nullopt;
  std::string Path;
  for (size_t I = Slash; I < Rest.size(); ++I) {
    if (Rest[I] == '%') {
      int Hi = I + 2 < Rest.size() ? hexValue(Rest[I + 1]) : -1;
      int Lo = I + 2 < Rest.size() ? hexValue(Rest[I + 2]) : -1;
      if (Hi < 0 || Lo < 0)
        return std::nullopt;
      Path += static_cast<char>(Hi * 16 + Lo);
      I += 2;
    } else if (Rest[I] == '?' || Rest[I] == '#') {
      break;
    } else {
      Path += Rest[I];
    }
  }
  return Path;
}

std::string pathToUri(const std::string &Path) {
  static const char *Hex = "0123456789ABCDEF";
  std::string Uri = "file://";
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '/' || C == '-' || C == '.' || C == '_' ||
        C == '~')
      Uri += static_cast<char>(C);
    else {
      Uri += '%';
      Uri += Hex[C >> 4];
      Uri += Hex[C & 15];
    }
  }
  return Uri;
}

// --- Positions ---------------------------------------------------------------

/// Line \p Line (1-based) of \p Text, without its line break.
std::string_view lineOf(std::string_view Text, unsigned Line) {
  size_t Start = 0;
  for (unsigned L = 1; L < Line; ++L) {
    size_t NL = Text.find('\n', Start);
    if (NL == std::string_view::npos)
      return {};
    Start = NL + 1;
  }
  size_t End = Text.find('\n', Start);
  std::string_view R = Text.substr(
      Start, End == std::string_view::npos ? std::string_view::npos
                                           : End - Start);
  if (!R.empty() && R.back() == '\r')
    R.remove_suffix(1);
  return R;
}

/// LSP positions count UTF-16 code units; corosafe's columns are 1-based
/// bytes.
unsigned utf16Column(std::string_view LineText, unsigned ByteColumn) {
  size_t Bytes = ByteColumn ? ByteColumn - 1 : 0;
  unsigned Units = 0;
  for (size_t I = 0; I < Bytes; ++I) {
    if (I >= LineText.size()) {
      Units += static_cast<unsigned>(Bytes - I); // past the end: keep bytes
      break;
    }
    unsigned char C = static_cast<unsigned char>(LineText[I]);
    if ((C & 0xC0) != 0x80)
      Units += C >= 0xF0 ? 2 : 1;
  }
  return Units;
}

json position(unsigned Line, unsigned Character) {
  return {{"line", Line}, {"character", Character}};
}

// --- Options -----------------------------------------------------------------

struct ServerOptions {
  std::string CompileCommandsDir; // --compile-commands-dir; "" = search
  std::string ConfigFile, Checks, HeaderFilter;
  std::map<std::string, std::string> CheckOptions;
  unsigned Jobs = 0;
  unsigned TimeoutSeconds = 600;
  std::string CacheDir; // --cache-dir; "" = DB/.corosafe-cache
  uint64_t CacheMaxBytes = uint64_t(1) << 30; // --cache-max-size; 0: none
  bool NoCache = false;
  bool Verbose = false;
  std::string SelfPath;
};

/// Settings from initializationOptions / workspace/didChangeConfiguration.
struct ClientSettings {
  std::optional<std::string> ConfigFile, Checks, HeaderFilter,
      BuiltinProfiles;
  std::optional<std::vector<std::string>> Profiles; // absolute paths
  std::map<std::string, std::string> CheckOptions;
};

// --- State -------------------------------------------------------------------

struct Document {
  std::string Uri;
  std::string Path; // real path
  std::string Project;
  std::string Text;
};

/// The latest state of one TU of a project.
struct TUEntry {
  bool Have = false;    // Result is set
  bool InDb = false;    // an entry of the compilation database
  uint64_t Wanted = 0;  // generation of the latest analysis asked for
  uint64_t HaveGen = 0; // generation of Result
  TUResult Result;
};

struct Project {
  std::string DbDir; // "" : no compilation database found
  std::map<std::string, TUEntry> TUs;
  bool WideStarted = false, WideDone = false, WideJustDone = false;
  bool Batch = false; // results are arriving in a batch: settle afterwards
  std::set<std::string> WidePending; // TUs the project-wide run waits for
  size_t WideTotal = 0;
  std::string ProgressToken; // "" : no progress shown
  std::vector<Finding> Findings; // merged, suppressions applied
};

struct Job {
  std::string Project, File;
  TUJob TU;
  uint64_t Gen = 0;
  int Pid = -1;
  Clock::time_point Start;
  std::string JobPath, OutPath, ErrPath;
};

/// What was published for a document, for code actions.
struct PublishedDiag {
  json Range;
  std::string Rule, Message, Href;
  std::string PrimaryPath; // where a suppression comment must go
  unsigned PrimaryLine = 0; // 1-based
};

struct ProgressState {
  bool Created = false, Failed = false;
  std::vector<json> Queued;
};

class Server {
public:
  explicit Server(ServerOptions O) : Opts(std::move(O)) {}
  int run();

private:
  // Messages.
  void handleFrame(const std::string &Body);
  void handleMessage(const json &Msg);
  void handleRequest(const json &Id, const std::string &Method,
                     const json &Params);
  void handleNotification(const std::string &Method, const json &Params);
  void handleResponse(const json &Msg);
  void send(const json &Msg);
  void reply(const json &Id, const json &Result);
  void replyError(const json &Id, int Code, const std::string &Message);
  void notify(const std::string &Method, const json &Params);
  void request(const std::string &Method, const json &Params);
  void log(const std::string &Line);
  void showMessage(int Type, const std::string &Text);

  // Requests and notifications.
  json initialize(const json &Params);
  void didOpen(const json &Params);
  void didChange(const json &Params);
  void didSave(const json &Params);
  void didClose(const json &Params);
  void didChangeConfiguration(const json &Params);
  json codeAction(const json &Params);
  json executeCommand(const json &Params);

  // Configuration.
  bool applySettings(const json &Settings, std::string &Err);
  bool makeAnalysisConfig(const ClientSettings &S, AnalysisConfig &C,
                          std::string &Err);
  bool wholeProgram() const;

  // Analysis.
  std::string projectFor(const std::string &Path);
  Project &project(const std::string &Key);
  void analyzeFile(const std::string &Key, const std::string &File,
                   bool Front);
  void startProjectWide(const std::string &Key);
  void startTU(const std::string &Key, const TUJob &TU, bool Front,
               std::optional<ResultCache> &Cache);
  void cancel(const std::string &Key, const std::string &File);
  void cancelAll();
  void pump();
  void finishJob(Job &J, const WorkerOutcome &O);
  void deliver(const std::string &Key, const std::string &File, uint64_t Gen,
               TUResult R);
  void settle(Project &P);
  void remerge(Project &P);
  std::optional<ResultCache> cacheFor(const Project &P) const;

  // Output.
  void publish(Project &P, bool Force, const std::string &OnlyPath = "");
  json diagnosticsFor(const Project &P, const Document &D,
                      std::vector<PublishedDiag> &Out);
  json rangeOf(const SourceRegion &R);
  const std::string &textOf(const std::string &Path);
  void progress(Project &P, const json &Value);

  ServerOptions Opts;
  AnalysisConfig Config;
  ClientSettings Settings;
  std::string RootPath;
  bool Initialized = false, ShutDown = false, Exit = false;
  bool ClientProgress = false, ClientShowDocument = false;
  int ExitCode = 1;

  FrameReader Reader;
  std::map<std::string, Document> Docs; // by URI
  std::map<std::string, Project> Projects;
  std::deque<Job> Queue;
  std::vector<Job> Active;
  uint64_t Generation = 0;
  std::string TempDir;
  unsigned JobCounter = 0;
  std::set<std::string> CachesToPrune; // stored into since the last prune
  std::set<std::string> ForcePublish; // paths to publish when analyzed
  std::map<std::string, std::string> LastPublished; // URI -> JSON
  std::map<std::string, std::vector<PublishedDiag>> Published; // URI
  std::map<std::string, std::string> DiskText; // per publish round
  int NextRequestId = 0;
  std::map<std::string, std::string> RequestTokens; // our request id -> token
  std::map<std::string, ProgressState> Progress;
  unsigned ProgressCounter = 0;
};

// --- Messages ----------------------------------------------------------------

void Server::log(const std::string &Line) {
  std::cerr << "corosafe lsp: " << Line << std::endl;
}

void Server::send(const json &Msg) {
  std::string Body = Msg.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!writeFrame(1, Body)) {
    log("the client closed the connection");
    cancelAll();
    Exit = true;
  }
}

void Server::reply(const json &Id, const json &Result) {
  send({{"jsonrpc", "2.0"}, {"id", Id}, {"result", Result}});
}

void Server::replyError(const json &Id, int Code, const std::string &Message) {
  send({{"jsonrpc", "2.0"},
        {"id", Id},
        {"error", {{"code", Code}, {"message", Message}}}});
}

void Server::notify(const std::string &Method, const json &Params) {
  send({{"jsonrpc", "2.0"}, {"method", Method}, {"params", Params}});
}

void Server::request(const std::string &Method, const json &Params) {
  std::string Id = "corosafe-" + std::to_string(++NextRequestId);
  if (Method == "window/workDoneProgress/create")
    RequestTokens[Id] = Params.at("token").get<std::string>();
  send({{"jsonrpc", "2.0"},
        {"id", Id},
        {"method", Method},
        {"params", Params}});
}

void Server::showMessage(int Type, const std::string &Text) {
  notify("window/showMessage", {{"type", Type}, {"message", Text}});
}

void Server::handleFrame(const std::string &Body) {
  json Msg;
  try {
    Msg = json::parse(Body);
  } catch (const std::exception &E) {
    log(std::string("parse error: ") + E.what());
    replyError(nullptr, ParseError,
               std::string("the message is not valid JSON: ") + E.what());
    return;
  }
  handleMessage(Msg);
}

void Server::handleMessage(const json &Msg) {
  if (!Msg.is_object()) {
    replyError(nullptr, InvalidRequest,
               Msg.is_array() ? "batch messages are not supported"
                              : "a message must be a JSON object");
    return;
  }
  json Id = Msg.contains("id") ? Msg["id"] : json();
  bool HasId = Msg.contains("id");
  if (HasId && !Id.is_string() && !Id.is_number_integer() && !Id.is_null()) {
    replyError(nullptr, InvalidRequest, "'id' must be a string or an integer");
    return;
  }
  if (Msg.value("jsonrpc", json()) != "2.0") {
    replyError(Id, InvalidRequest, "'jsonrpc' must be \"2.0\"");
    return;
  }
  if (!Msg.contains("method")) {
    if (HasId && (Msg.contains("result") || Msg.contains("error"))) {
      handleResponse(Msg);
      return;
    }
    replyError(Id, InvalidRequest, "a request needs a 'method'");
    return;
  }
  if (!Msg["method"].is_string()) {
    replyError(Id, InvalidRequest, "'method' must be a string");
    return;
  }
  std::string Method = Msg["method"].get<std::string>();
  json Params = Msg.contains("params") ? Msg["params"] : json::object();
  if (!Params.is_object() && !Params.is_array()) {
    if (HasId)
      replyError(Id, InvalidParams, "'params' must be an object or an array");
    else
      log("ignored '" + Method + "': 'params' must be an object or an array");
    return;
  }
  try {
    if (HasId)
      handleRequest(Id, Method, Params);
    else
      handleNotification(Method, Params);
  } catch (const std::exception &E) {
    // A missing or mistyped field (nlohmann's exceptions, BadParams).
    if (HasId)
      replyError(Id, InvalidParams,
                 "invalid parameters of '" + Method + "': " + E.what());
    else
      log("ignored '" + Method + "': invalid parameters: " + E.what());
  }
}

void Server::handleResponse(const json &Msg) {
  std::string Id = Msg["id"].is_string() ? Msg["id"].get<std::string>()
                                         : Msg["id"].dump();
  auto It = RequestTokens.find(Id);
  if (It == RequestTokens.end())
    return; // e.g. window/showDocument
  ProgressState &S = Progress[It->second];
  if (Msg.contains("error")) {
    S.Failed = true; // the client refused the token: no progress
    S.Queued.clear();
  } else {
    S.Created = true;
    for (const json &V : S.Queued)
      notify("$/progress", {{"token", It->second}, {"value", V}});
    S.Queued.clear();
  }
  RequestTokens.erase(It);
}

void Server::handleRequest(const json &Id, const std::string &Method,
                           const json &Params) {
  if (ShutDown) {
    replyError(Id, InvalidRequest,
               "the server is shut down; only 'exit' is accepted");
    return;
  }
  if (!Initialized && Method != "initialize") {
    replyError(Id, ServerNotInitialized,
               "the server is not initialized yet ('initialize' first)");
    return;
  }
  if (Method == "initialize") {
    if (Initialized) {
      replyError(Id, InvalidRequest, "the server is already initialized");
      return;
    }
    reply(Id, initialize(Params));
  } else if (Method == "shutdown") {
    cancelAll();
    ShutDown = true;
    reply(Id, nullptr);
  } else if (Method == "textDocument/codeAction") {
    reply(Id, codeAction(Params));
  } else if (Method == "workspace/executeCommand") {
    reply(Id, executeCommand(Params));
  } else {
    replyError(Id, MethodNotFound, "unknown method '" + Method + "'");
  }
}

void Server::handleNotification(const std::string &Method,
                                const json &Params) {
  if (Method == "exit") {
    ExitCode = ShutDown ? 0 : 1;
    cancelAll();
    Exit = true;
    return;
  }
  if (!Initialized || ShutDown)
    return; // LSP: notifications before initialize are dropped
  if (Method == "initialized" || Method == "$/cancelRequest" ||
      Method == "$/setTrace")
    return; // every request is answered at once: nothing to cancel
  if (Method == "textDocument/didOpen")
    didOpen(Params);
  else if (Method == "textDocument/didChange")
    didChange(Params);
  else if (Method == "textDocument/didSave")
    didSave(Params);
  else if (Method == "textDocument/didClose")
    didClose(Params);
  else if (Method == "workspace/didChangeConfiguration")
    didChangeConfiguration(Params);
  else if (Opts.Verbose)
    log("ignored the notification '" + Method + "'");
}

// --- Lifecycle ---------------------------------------------------------------

json Server::initialize(const json &Params) {
  if (Params.contains("capabilities") && Params["capabilities"].is_object()) {
    const json &Caps = Params["capabilities"];
    if (Caps.contains("window") && Caps["window"].is_object()) {
      ClientProgress = Caps["window"].value("workDoneProgress", false) == true;
      ClientShowDocument = Caps["window"].contains("showDocument");
    }
  }
  if (Params.contains("rootUri") && Params["rootUri"].is_string())
    if (auto P = uriToPath(Params["rootUri"].get<std::string>()))
      RootPath = *P;
  if (RootPath.empty() && Params.contains("rootPath") &&
      Params["rootPath"].is_string())
    RootPath = Params["rootPath"].get<std::string>();
  Initialized = true;
  if (Params.contains("initializationOptions") &&
      Params["initializationOptions"].is_object()) {
    std::string Err;
    if (!applySettings(Params["initializationOptions"], Err)) {
      log(Err);
      showMessage(1, "corosafe: " + Err);
    }
  }
  json Caps = {
      {"textDocumentSync",
       {{"openClose", true},
        {"change", 1}, // full text: kept for the code actions only
        {"save", {{"includeText", false}}}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"executeCommandProvider", {{"commands", {OpenDocsCommand}}}},
  };
  return {{"capabilities", Caps},
          {"serverInfo",
           {{"name", "corosafe"}, {"version", std::string(toolVersion())}}}};
}

// --- Configuration -----------------------------------------------------------

bool Server::makeAnalysisConfig(const ClientSettings &S, AnalysisConfig &C,
                                std::string &Err) {
  RunOptions O;
  O.Checks = S.Checks ? *S.Checks : Opts.Checks;
  O.HeaderFilter = S.HeaderFilter ? *S.HeaderFilter : Opts.HeaderFilter;
  O.CheckOptions = Opts.CheckOptions;
  for (const auto &[K, V] : S.CheckOptions)
    O.CheckOptions[K] = V;
  // Profiles as the CLI's --profile and --builtin-profiles: they win over
  // the config file's Profiles and BuiltinProfiles.
  if (S.Profiles) {
    std::string List;
    for (const std::string &F : *S.Profiles)
      List += (List.empty() ? "" : ";") + F;
    O.CheckOptions[std::string(ProfilesOption)] = List;
  }
  if (S.BuiltinProfiles)
    O.CheckOptions[std::string(BuiltinProfilesOption)] = *S.BuiltinProfiles;
  std::string File = Opts.ConfigFile;
  if (S.ConfigFile) {
    File = *S.ConfigFile;
    if (!File.empty() && !llvm::sys::path::is_absolute(File) &&
        !RootPath.empty())
      File = RootPath + "/" + File;
  }
  if (!File.empty() && !readConfig(File, O, Err))
    return false;
  if (File.empty() && !RootPath.empty()) {
    // The workspace's .corosafe.yaml (docs/configuration.md), found upward
    // from the root, without per-path Overrides.
    std::vector<std::shared_ptr<const corosafe::ConfigFile>> Chain;
    if (!configChain(RootPath + "/-", "", Chain, Err))
      return false;
    applyConfig(mergeConfig(Chain, ""), O);
  }
  for (const auto &[K, V] : O.CheckOptions) {
    if (K == ProfilesOption || K == BuiltinProfilesOption ||
        K == ConfigProfilesOption || K == WarningsAsErrorsOption)
      continue;
    std::string Rule = K.substr(0, K.rfind('.'));
    if (K.find('.') == std::string::npos || !findRule(Rule)) {
      Err = "option '" + K + "' names no rule (see corosafe --list-rules)";
      return false;
    }
  }
  if (enabledRules(O.Checks).empty()) {
    Err = "checks '" + O.Checks + "' enable no rule (see corosafe --list-rules)";
    return false;
  }
  return makeConfig(O, C, Err);
}

/// Settings: {"corosafe": {...}} or the object itself, with the keys
/// configFile, checks, headerFilter, builtinProfiles (strings), profiles
/// (array of profile files, relative to the workspace root) and options
/// (object of "rule.Key": value).
bool Server::applySettings(const json &Raw, std::string &Err) {
  const json &S = Raw.contains("corosafe") && Raw["corosafe"].is_object()
                      ? Raw["corosafe"]
                      : Raw;
  ClientSettings New;
  auto Str = [&](const char *Key, std::optional<std::string> &Out) {
    if (!S.contains(Key) || S[Key].is_null())
      return true;
    if (!S[Key].is_string()) {
      Err = std::string("setting '") + Key + "' must be a string";
      return false;
    }
    Out = S[Key].get<std::string>();
    return true;
  };
  if (!Str("configFile", New.ConfigFile) || !Str("checks", New.Checks) ||
      !Str("headerFilter", New.HeaderFilter) ||
      !Str("builtinProfiles", New.BuiltinProfiles))
    return false;
  if (S.contains("profiles") && !S["profiles"].is_null()) {
    const json &L = S["profiles"];
    if (!L.is_array() ||
        !std::all_of(L.begin(), L.end(),
                     [](const json &F) { return F.is_string(); })) {
      Err = "setting 'profiles' must be an array of file names";
      return false;
    }
    New.Profiles.emplace();
    for (const json &F : L) {
      std::string Path = F.get<std::string>();
      if (!llvm::sys::path::is_absolute(Path) && !RootPath.empty())
        Path = RootPath + "/" + Path;
      New.Profiles->push_back(absolutePath(Path));
    }
  }
  if (S.contains("options") && !S["options"].is_null()) {
    if (!S["options"].is_object()) {
      Err = "setting 'options' must be an object of \"rule.Key\": value";
      return false;
    }
    for (auto &[K, V] : S["options"].items())
      New.CheckOptions[K] = V.is_string() ? V.get<std::string>() : V.dump();
  }
  AnalysisConfig C;
  if (!makeAnalysisConfig(New, C, Err))
    return false;
  Settings = New;
  Config = C;
  return true;
}

bool Server::wholeProgram() const {
  for (const std::string &Id : Config.Rules)
    if (isWholeProgramRule(Id))
      return true;
  return false;
}

void Server::didChangeConfiguration(const json &Params) {
  if (!Params.contains("settings") || !Params["settings"].is_object())
    return; // e.g. null: the client wants us to pull; nothing to pull
  AnalysisConfig Old = Config;
  std::string Err;
  if (!applySettings(Params["settings"], Err)) {
    log("configuration not changed: " + Err);
    showMessage(1, "corosafe: configuration not changed: " + Err);
    return;
  }
  if (Config == Old)
    return;
  log("configuration changed: analyzing the open files again");
  cancelAll();
  for (auto &[Key, P] : Projects)
    if (!P.ProgressToken.empty())
      progress(P, {{"kind", "end"}, {"message", "configuration changed"}});
  Projects.clear();
  for (const auto &[Uri, D] : Docs) {
    ForcePublish.insert(D.Path);
    analyzeFile(D.Project, D.Path, false);
  }
  if (wholeProgram())
    for (const auto &[Uri, D] : Docs)
      if (!project(D.Project).WideStarted)
        startProjectWide(D.Project);
}

// --- Documents ---------------------------------------------------------------

std::string docUri(const json &Params) {
  return Params.at("textDocument").at("uri").get<std::string>();
}

void Server::didOpen(const json &Params) {
  std::string Uri = docUri(Params);
  std::string Text = Params.at("textDocument").at("text").get<std::string>();
  auto Path = uriToPath(Uri);
  if (!Path) {
    log("ignored '" + Uri + "': not a file: URI");
    return;
  }
  Document D;
  D.Uri = Uri;
  D.Path = realPath(*Path);
  D.Project = projectFor(D.Path);
  D.Text = std::move(Text);
  std::string Key = D.Project, File = D.Path;
  Docs[Uri] = std::move(D);
  ForcePublish.insert(File);
  // Already on its way (the project-wide run): first in line, not again.
  bool Running = false;
  for (const Job &J : Active)
    Running |= J.Project == Key && J.File == File;
  auto Queued = std::find_if(Queue.begin(), Queue.end(), [&](const Job &J) {
    return J.Project == Key && J.File == File;
  });
  if (Queued != Queue.end()) {
    Job J = std::move(*Queued);
    Queue.erase(Queued);
    Queue.push_front(std::move(J));
  } else if (!Running) {
    analyzeFile(Key, File, /*Front=*/true);
  }
  if (wholeProgram() && !project(Key).WideStarted)
    startProjectWide(Key);
}

void Server::didChange(const json &Params) {
  auto It = Docs.find(docUri(Params));
  if (It == Docs.end())
    return;
  const json &Changes = Params.at("contentChanges");
  if (!Changes.is_array())
    throw BadParams("'contentChanges' must be an array");
  for (const json &C : Changes)
    if (!C.contains("range")) // full text (we ask for full sync)
      It->second.Text = C.at("text").get<std::string>();
}

void Server::didSave(const json &Params) {
  auto It = Docs.find(docUri(Params));
  if (It == Docs.end())
    return;
  const Document &D = It->second;
  std::string Key = D.Project, File = D.Path;
  Project &P = project(Key);
  ForcePublish.insert(File);
  // The TUs that read the saved file (a header) are analyzed again too.
  std::vector<std::string> Dependents;
  for (const auto &[TU, E] : P.TUs) {
    if (TU == File || !E.Have)
      continue;
    for (const Dependency &Dep : E.Result.Dependencies)
      if (Dep.Path == File) {
        Dependents.push_back(TU);
        break;
      }
  }
  analyzeFile(Key, File, /*Front=*/true);
  for (const std::string &TU : Dependents)
    analyzeFile(Key, TU, /*Front=*/false);
}

void Server::didClose(const json &Params) {
  std::string Uri = docUri(Params);
  auto It = Docs.find(Uri);
  if (It == Docs.end())
    return;
  Docs.erase(It);
  LastPublished.erase(Uri);
  Published.erase(Uri);
  notify("textDocument/publishDiagnostics",
         {{"uri", Uri}, {"diagnostics", json::array()}});
}

// --- Projects and jobs -------------------------------------------------------

/// As clangd: the nearest directory, from the file's upwards, holding
/// compile_commands.json or build/compile_commands.json.
std::string Server::projectFor(const std::string &Path) {
  if (!Opts.CompileCommandsDir.empty())
    return Opts.CompileCommandsDir;
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Path));
  while (!Dir.empty()) {
    for (const char *Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, Sub, "compile_commands.json");
      if (llvm::sys::fs::is_regular_file(Candidate))
        return std::string(llvm::sys::path::parent_path(Candidate));
    }
    // Parent is a view into Dir: copy it before assigning it back.
    std::string Parent(llvm::sys::path::parent_path(Dir));
    if (Parent == Dir.str())
      break;
    Dir = Parent;
  }
  return "";
}

Project &Server::project(const std::string &Key) {
  auto [It, New] = Projects.try_emplace(Key);
  if (New)
    It->second.DbDir = Key;
  return It->second;
}

std::optional<ResultCache> Server::cacheFor(const Project &P) const {
  // A new cache object per batch: it remembers file hashes for its life.
  if (Opts.NoCache || (Opts.CacheDir.empty() && P.DbDir.empty()))
    return std::nullopt;
  return ResultCache(Opts.CacheDir.empty() ? P.DbDir + "/.corosafe-cache"
                                           : Opts.CacheDir,
                     buildId(Opts.SelfPath));
}

/// The options loadJobs needs: the same adjustments as `corosafe -p DIR`,
/// so the cache keys are the CLI's.
RunOptions jobOptions(const std::string &DbDir) {
  RunOptions O;
  O.BuildDir = DbDir;
  O.SourceRoot = "/";
  return O;
}

void Server::analyzeFile(const std::string &Key, const std::string &File,
                         bool Front) {
  Project &P = project(Key);
  std::optional<ResultCache> Cache = cacheFor(P);
  TUJob TU;
  TU.File = File;
  if (P.DbDir.empty()) {
    TU.Error = "cannot analyze '" + File +
               "': no compile_commands.json found in its directory or a "
               "parent directory (nor in their build/ subdirectories); "
               "generate one (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON) or "
               "start the server with --compile-commands-dir DIR";
  } else {
    RunOptions O = jobOptions(P.DbDir);
    O.Files = {File};
    std::vector<TUJob> Jobs;
    unsigned Skipped = 0;
    std::string Err;
    if (!loadJobs(O, Jobs, Skipped, Err))
      TU.Error = "cannot analyze '" + File + "': " + Err;
    else if (Jobs.size() == 1)
      TU = Jobs.front();
  }
  startTU(Key, TU, Front, Cache);
}

void Server::startProjectWide(const std::string &Key) {
  Project &P = project(Key);
  P.WideStarted = true;
  if (P.DbDir.empty()) {
    P.WideDone = true;
    return;
  }
  RunOptions O = jobOptions(P.DbDir);
  std::vector<TUJob> Jobs;
  unsigned Skipped = 0;
  std::string Err;
  if (!loadJobs(O, Jobs, Skipped, Err)) {
    log("project " + P.DbDir + ": " + Err);
    P.WideDone = true;
    return;
  }
  for (const TUJob &TU : Jobs) {
    TUEntry &E = P.TUs[TU.File];
    E.InDb = true;
    if (!(E.Have && E.HaveGen == E.Wanted))
      P.WidePending.insert(TU.File);
  }
  P.WideTotal = Jobs.size();
  if (ClientProgress && !P.WidePending.empty()) {
    P.ProgressToken = "corosafe/" + std::to_string(++ProgressCounter);
    Progress[P.ProgressToken] = {};
    request("window/workDoneProgress/create", {{"token", P.ProgressToken}});
    progress(P, {{"kind", "begin"},
                 {"title", "corosafe"},
                 {"cancellable", false},
                 {"message", "analyzing " + std::to_string(Jobs.size()) +
                                 " translation units"},
                 {"percentage", 0}});
  }
  if (Opts.Verbose)
    log("project " + P.DbDir + ": whole-program analysis of " +
        std::to_string(Jobs.size()) + " translation units");
  std::optional<ResultCache> Cache = cacheFor(P);
  // Results from the cache arrive at once; merge and publish them together.
  P.Batch = true;
  for (const TUJob &TU : Jobs)
    if (P.TUs[TU.File].Wanted == 0) // the file just opened is on its way
      startTU(Key, TU, /*Front=*/false, Cache);
  P.Batch = false;
  if (P.WidePending.empty() && !P.WideDone) {
    P.WideDone = P.WideJustDone = true;
  }
  settle(P);
}

void Server::startTU(const std::string &Key, const TUJob &TU, bool Front,
                     std::optional<ResultCache> &Cache) {
  cancel(Key, TU.File);
  Project &P = project(Key);
  uint64_t Gen = ++Generation;
  P.TUs[TU.File].Wanted = Gen;
  if (!TU.Error.empty()) {
    deliver(Key, TU.File, Gen, failedResult(TU, Config, TU.Error));
    return;
  }
  bool Hooked = hookSet("COROSAFE_TEST_CRASH_ON", TU.File) ||
                hookSet("COROSAFE_TEST_HANG_ON", TU.File);
  TUResult R;
  if (Cache && !Hooked && Cache->lookup(TU, Config, R)) {
    if (Opts.Verbose)
      log(TU.File + ": from the cache");
    deliver(Key, TU.File, Gen, std::move(R));
    return;
  }
  Job J;
  J.Project = Key;
  J.File = TU.File;
  J.TU = TU;
  J.Gen = Gen;
  if (Front)
    Queue.push_front(std::move(J));
  else
    Queue.push_back(std::move(J));
}

void Server::cancel(const std::string &Key, const std::string &File) {
  for (auto It = Queue.begin(); It != Queue.end();)
    if (It->Project == Key && It->File == File)
      It = Queue.erase(It);
    else
      ++It;
  for (auto It = Active.begin(); It != Active.end();) {
    if (It->Project == Key && It->File == File) {
      killWorker(It->Pid);
      log("cancelled the older run of " + File + " (worker " +
          std::to_string(It->Pid) + ")");
      for (const std::string &T : {It->JobPath, It->OutPath, It->ErrPath})
        llvm::sys::fs::remove(T);
      It = Active.erase(It);
    } else {
      ++It;
    }
  }
}

void Server::cancelAll() {
  Queue.clear();
  for (Job &J : Active) {
    killWorker(J.Pid);
    for (const std::string &T : {J.JobPath, J.OutPath, J.ErrPath})
      llvm::sys::fs::remove(T);
  }
  Active.clear();
}

/// Starts queued jobs up to -j and reaps finished and timed-out workers.
void Server::pump() {
  unsigned Max = Opts.Jobs ? Opts.Jobs
                           : std::max(1u, std::thread::hardware_concurrency());
  while (!Queue.empty() && Active.size() < Max) {
    Job J = std::move(Queue.front());
    Queue.pop_front();
    std::string Base = TempDir + "/" + std::to_string(++JobCounter);
    J.JobPath = Base + ".job.json";
    J.OutPath = Base + ".out.json";
    J.ErrPath = Base + ".stderr";
    std::string Err;
    WorkerOutcome O;
    if (!writeFileAtomically(J.JobPath, dumpJson(J.TU.toJson(Config)), Err)) {
      O.K = WorkerOutcome::SpawnFailed;
      O.Error = Err;
      finishJob(J, O);
      continue;
    }
    J.Start = Clock::now();
    J.Pid = startWorker({{Opts.SelfPath, "--worker", J.JobPath, J.OutPath},
                         J.ErrPath},
                        Err);
    if (J.Pid < 0) {
      O.K = WorkerOutcome::SpawnFailed;
      O.Error = Err;
      finishJob(J, O);
      continue;
    }
    if (Opts.Verbose)
      log("analyzing " + J.File + " (worker " + std::to_string(J.Pid) + ")");
    Active.push_back(std::move(J));
  }
  for (size_t I = 0; I < Active.size();) {
    Job &J = Active[I];
    WorkerOutcome O;
    double Seconds =
        std::chrono::duration<double>(Clock::now() - J.Start).count();
    if (!reapWorker(J.Pid, O)) {
      if (Opts.TimeoutSeconds == 0 || Seconds < Opts.TimeoutSeconds) {
        ++I;
        continue;
      }
      killWorker(J.Pid);
      O.K = WorkerOutcome::TimedOut;
    }
    O.Seconds = Seconds;
    Job Done = std::move(J);
    Active.erase(Active.begin() + I);
    finishJob(Done, O);
  }
}

void Server::finishJob(Job &J, const WorkerOutcome &O) {
  TUResult R = workerResult(J.TU, Config, O, J.OutPath, Opts.TimeoutSeconds);
  if (Opts.Verbose) {
    char Ms[32];
    std::snprintf(Ms, sizeof Ms, "%.0f ms", O.Seconds * 1000);
    log(J.File + ": " +
        (R.Ok ? std::to_string(R.Findings.size()) +
                    (R.Findings.size() == 1 ? " finding" : " findings")
              : std::string("failed")) +
        " in " + Ms);
  }
  if (!R.Ok && !R.Message.empty())
    log(R.Message);
  Project &P = project(J.Project);
  if (R.Ok)
    if (std::optional<ResultCache> Cache = cacheFor(P)) {
      std::string Err;
      if (!Cache->store(J.TU, Config, R, Err))
        log("warning: cache: " + Err);
      else
        CachesToPrune.insert(Cache->dir());
    }
  for (const std::string &T : {J.JobPath, J.OutPath, J.ErrPath})
    llvm::sys::fs::remove(T);
  deliver(J.Project, J.File, J.Gen, std::move(R));
}

void Server::deliver(const std::string &Key, const std::string &File,
                     uint64_t Gen, TUResult R) {
  Project &P = project(Key);
  TUEntry &E = P.TUs[File];
  if (Gen != E.Wanted)
    return; // a newer analysis of this TU is on its way
  auto FactsText = [](const std::optional<TUFacts> &F) {
    return F ? dumpJson(toJson(*F)) : std::string();
  };
  bool FactsChanged = !E.Have || FactsText(E.Result.Facts) != FactsText(R.Facts);
  E.Result = std::move(R);
  E.Have = true;
  E.HaveGen = Gen;
  if (P.WidePending.erase(File)) {
    size_t Done = P.WideTotal - P.WidePending.size();
    if (!P.ProgressToken.empty())
      progress(P, {{"kind", "report"},
                   {"message", std::to_string(Done) + "/" +
                                   std::to_string(P.WideTotal) + " " +
                                   llvm::sys::path::filename(File).str()},
                   {"percentage", P.WideTotal ? Done * 100 / P.WideTotal : 100}});
    if (P.WidePending.empty() && !P.WideDone)
      P.WideDone = P.WideJustDone = true;
  } else if (FactsChanged && P.WideDone && Opts.Verbose) {
    log("facts of " + File + " changed: whole-program findings refreshed");
  }
  if (!P.Batch)
    settle(P);
}

/// Merges and publishes after results arrived; ends the progress of a
/// project-wide run that just completed.
void Server::settle(Project &P) {
  remerge(P);
  publish(P, false);
  if (!P.WideJustDone)
    return;
  P.WideJustDone = false;
  unsigned Failed = 0;
  for (const auto &[F, T] : P.TUs)
    Failed += T.InDb && T.Have && !T.Result.Ok;
  if (Opts.Verbose)
    log("project " + P.DbDir + ": every translation unit analyzed" +
        (Failed ? ", " + std::to_string(Failed) + " failed" : std::string()));
  if (P.ProgressToken.empty())
    return;
  progress(P, {{"kind", "end"},
               {"message", std::to_string(P.WideTotal) +
                               " translation units analyzed" +
                               (Failed ? ", " + std::to_string(Failed) +
                                             " could not be"
                                       : std::string())}});
  P.ProgressToken.clear();
}

/// The CLI's merge over the latest result of every TU of the project: the
/// per-TU findings, and the whole-program rules on the facts of the
/// database's TUs once each of them has a result.
void Server::remerge(Project &P) {
  std::vector<TUResult> Results;
  for (const auto &[File, E] : P.TUs) {
    if (!E.Have || !E.Result.Ok)
      continue;
    Results.push_back(E.Result);
    if (!E.InDb)
      Results.back().Facts.reset(); // a header opened on its own
  }
  AnalysisConfig C = Config;
  if (!P.WideDone)
    C.Rules.erase(std::remove_if(C.Rules.begin(), C.Rules.end(),
                                 [](const std::string &Id) {
                                   return isWholeProgramRule(Id);
                                 }),
                  C.Rules.end());
  RunResult Run;
  ProgramInput Program;
  mergeResults(Results, C, Run, Program);
  P.Findings = std::move(Run.Findings);
}

// --- Diagnostics -------------------------------------------------------------

const std::string &Server::textOf(const std::string &Path) {
  for (const auto &[Uri, D] : Docs)
    if (D.Path == Path)
      return D.Text;
  auto It = DiskText.find(Path);
  if (It != DiskText.end())
    return It->second;
  std::string Text;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false))
    Text = (*Buf)->getBuffer().str();
  return DiskText.emplace(Path, std::move(Text)).first->second;
}

json Server::rangeOf(const SourceRegion &R) {
  const std::string &Text = textOf(R.File);
  unsigned Line = R.Line ? R.Line : 1;
  unsigned Start = utf16Column(lineOf(Text, Line), R.Column ? R.Column : 1);
  unsigned EndLine = R.EndLine >= Line ? R.EndLine : Line;
  unsigned End = R.EndLine >= Line && R.EndColumn
                     ? utf16Column(lineOf(Text, EndLine), R.EndColumn)
                     : Start + 1;
  if (EndLine == Line && End <= Start)
    End = Start + 1;
  return {{"start", position(Line - 1, Start)},
          {"end", position(EndLine - 1, End)}};
}

/// The rule's documentation: the URL of the finding's Help ("...; see URL"),
/// else the catalogue's.
std::string docsUrl(const Finding &F) {
  size_t See = F.Help.rfind("see http");
  if (See != std::string::npos) {
    std::string Url = F.Help.substr(See + 4);
    size_t End = Url.find_first_of(" \t\n)");
    return Url.substr(0, End);
  }
  if (const RuleInfo *R = findRule(F.RuleId))
    return ruleHelpUri(*R);
  return "";
}

json Server::diagnosticsFor(const Project &P, const Document &D,
                            std::vector<PublishedDiag> &Out) {
  json Diags = json::array();
  auto It = P.TUs.find(D.Path);
  if (It != P.TUs.end() && It->second.Have && !It->second.Result.Ok) {
    json Range = {{"start", position(0, 0)}, {"end", position(0, 0)}};
    Diags.push_back({{"range", Range},
                     {"severity", 1},
                     {"code", FailedCode},
                     {"source", "corosafe"},
                     {"message", It->second.Result.Message}});
    Out.push_back({Range, FailedCode, It->second.Result.Message, "", "", 0});
  }
  for (const Finding &F : P.Findings) {
    if (F.Suppressed)
      continue;
    const SourceRegion *At = nullptr;
    bool Primary = F.Loc.File == D.Path;
    if (Primary) {
      At = &F.Loc;
    } else if (isWholeProgramRule(F.RuleId)) {
      // A cycle shows in every file on it: at its first hop in this file.
      for (const RelatedNote &N : F.Notes)
        if (N.Loc.File == D.Path && N.Loc.valid()) {
          At = &N.Loc;
          break;
        }
    }
    if (!At)
      continue;
    json Related = json::array();
    if (!Primary)
      Related.push_back(
          {{"location",
            {{"uri", pathToUri(F.Loc.File)}, {"range", rangeOf(F.Loc)}}},
           {"message", "reported here (suppress it on this line)"}});
    for (const RelatedNote &N : F.Notes)
      if (N.Loc.valid())
        Related.push_back(
            {{"location",
              {{"uri", pathToUri(N.Loc.File)}, {"range", rangeOf(N.Loc)}}},
             {"message", N.Message}});
    std::string Href = docsUrl(F);
    std::string Message = F.Message;
    if (!F.Help.empty())
      Message += "\n" + F.Help;
    json Range = rangeOf(*At);
    json Diag = {{"range", Range},
                 {"severity", F.Lvl == Level::Error     ? 1
                              : F.Lvl == Level::Warning ? 2
                                                        : 3},
                 {"code", F.RuleId},
                 {"source", "corosafe"},
                 {"message", Message}};
    if (!Href.empty())
      Diag["codeDescription"] = {{"href", Href}};
    if (!Related.empty())
      Diag["relatedInformation"] = Related;
    Diags.push_back(Diag);
    Out.push_back({Range, F.RuleId, Message, Href, F.Loc.File, F.Loc.Line});
  }
  return Diags;
}

/// Publishes the diagnostics of the project's open documents whose TU has
/// its latest result: when they changed, or (for documents just opened or
/// saved) always.
void Server::publish(Project &P, bool Force, const std::string &OnlyPath) {
  DiskText.clear();
  for (const auto &[Uri, D] : Docs) {
    if (D.Project != P.DbDir || (!OnlyPath.empty() && D.Path != OnlyPath))
      continue;
    auto It = P.TUs.find(D.Path);
    if (It == P.TUs.end() || !It->second.Have ||
        It->second.HaveGen != It->second.Wanted)
      continue; // its analysis is still running
    std::vector<PublishedDiag> Out;
    json Diags = diagnosticsFor(P, D, Out);
    std::string Dump = dumpJson(Diags);
    bool Must = Force || ForcePublish.count(D.Path);
    if (!Must && LastPublished.count(Uri) && LastPublished[Uri] == Dump)
      continue;
    ForcePublish.erase(D.Path);
    LastPublished[Uri] = Dump;
    Published[Uri] = std::move(Out);
    notify("textDocument/publishDiagnostics",
           {{"uri", Uri}, {"diagnostics", Diags}});
  }
}

void Server::progress(Project &P, const json &Value) {
  ProgressState &S = Progress[P.ProgressToken];
  if (S.Failed)
    return;
  if (!S.Created) {
    S.Queued.push_back(Value);
    return;
  }
  notify("$/progress", {{"token", P.ProgressToken}, {"value", Value}});
}

// --- Code actions ------------------------------------------------------------

bool overlaps(const json &A, const json &B) {
  // A position's numbers as integers; a float or an out-of-range number
  // from the client is refused, never converted (that would be undefined).
  auto Num = [](const json &V) -> long long {
    if (V.is_number_unsigned() && V.get<uint64_t>() > uint64_t(LLONG_MAX))
      throw std::invalid_argument("a position is out of range");
    if (!V.is_number_integer())
      throw std::invalid_argument("a position is not an integer");
    return V.get<long long>();
  };
  auto Key = [&](const json &P) {
    return std::make_pair(Num(P.at("line")), Num(P.at("character")));
  };
  return !(Key(A.at("end")) < Key(B.at("start")) ||
           Key(B.at("end")) < Key(A.at("start")));
}

json Server::codeAction(const json &Params) {
  std::string Uri = docUri(Params);
  const json &Range = Params.at("range");
  if (!Range.is_object())
    throw BadParams("'range' must be an object");
  json Actions = json::array();
  DiskText.clear();
  auto It = Published.find(Uri);
  if (It == Published.end())
    return Actions;
  // The diagnostics the client sent, matched to what we published; without
  // any, those of ours that overlap the range.
  std::vector<const PublishedDiag *> Hits;
  const json Ctx = Params.value("context", json::object());
  if (Ctx.contains("diagnostics") && Ctx["diagnostics"].is_array() &&
      !Ctx["diagnostics"].empty()) {
    for (const json &CD : Ctx["diagnostics"]) {
      if (!CD.is_object() || CD.value("source", "") != "corosafe")
        continue;
      for (const PublishedDiag &PD : It->second)
        if (CD.contains("range") && CD["range"] == PD.Range &&
            CD.value("code", json()) == PD.Rule &&
            CD.value("message", "") == PD.Message)
          Hits.push_back(&PD);
    }
  }
  if (Hits.empty()) {
    for (const PublishedDiag &PD : It->second)
      if (overlaps(PD.Range, Range))
        Hits.push_back(&PD);
  }
  std::set<std::pair<std::string, unsigned>> SeenFix;
  std::set<std::string> SeenDocs;
  for (const PublishedDiag *PD : Hits) {
    if (PD->Rule == FailedCode || PD->PrimaryPath.empty())
      continue;
    json Diag = {{"range", PD->Range},
                 {"severity", 2},
                 {"code", PD->Rule},
                 {"source", "corosafe"},
                 {"message", PD->Message}};
    if (SeenFix.insert({PD->Rule + "@" + PD->PrimaryPath, PD->PrimaryLine})
            .second) {
      // The comment goes on the line before the finding's primary line,
      // with that line's indentation (Suppressions.h: a `corosafe: ignore`
      // on a line of its own covers the next line of code).
      std::string_view Line = lineOf(textOf(PD->PrimaryPath), PD->PrimaryLine);
      std::string Indent(Line.substr(0, Line.find_first_not_of(" \t")));
      if (Indent.size() == Line.size())
        Indent.clear();
      std::string Text = Indent + "// corosafe: ignore[" + PD->Rule +
                         "] TODO: say why this is safe\n";
      json Edit = {{"range",
                    {{"start", position(PD->PrimaryLine - 1, 0)},
                     {"end", position(PD->PrimaryLine - 1, 0)}}},
                   {"newText", Text}};
      std::string TargetUri = pathToUri(PD->PrimaryPath);
      for (const auto &[U, D] : Docs)
        if (D.Path == PD->PrimaryPath)
          TargetUri = U;
      Actions.push_back(
          {{"title", "Suppress " + PD->Rule +
                         " here with a reason (// corosafe: ignore)"},
           {"kind", "quickfix"},
           {"diagnostics", json::array({Diag})},
           {"edit", {{"changes", {{TargetUri, json::array({Edit})}}}}}});
    }
    if (!PD->Href.empty() && SeenDocs.insert(PD->Rule).second)
      Actions.push_back({{"title", "Open the documentation of " + PD->Rule},
                         {"diagnostics", json::array({Diag})},
                         {"command",
                          {{"title", "Open the documentation of " + PD->Rule},
                           {"command", OpenDocsCommand},
                           {"arguments", json::array({PD->Href})}}}});
  }
  return Actions;
}

json Server::executeCommand(const json &Params) {
  std::string Command = Params.at("command").get<std::string>();
  if (Command != OpenDocsCommand)
    throw BadParams("unknown command '" + Command + "'");
  const json &Args = Params.at("arguments");
  if (!Args.is_array() || Args.size() != 1 || !Args[0].is_string())
    throw BadParams("'" + Command + "' takes one argument, the URL");
  std::string Url = Args[0].get<std::string>();
  if (ClientShowDocument)
    request("window/showDocument", {{"uri", Url}, {"external", true}});
  else
    showMessage(3, "corosafe: documentation: " + Url);
  return nullptr;
}

// --- Loop --------------------------------------------------------------------

int Server::run() {
  std::string Err;
  if (!makeAnalysisConfig(Settings, Config, Err)) {
    log("error: " + Err);
    return 2;
  }
  // SIGINT, SIGTERM and SIGHUP (Interrupt.h) are blocked except while the
  // loop waits in ppoll, so that one arriving at any other moment is seen
  // by the next wait at once; the loop then kills the workers, removes the
  // temporary directory and exits with 128 + the signal.
  interrupt::install();
  interrupt::Deferred Defer;
  sigset_t Interrupts, WaitMask;
  sigemptyset(&Interrupts);
  for (int Sig : {SIGINT, SIGTERM, SIGHUP})
    sigaddset(&Interrupts, Sig);
  ::sigprocmask(SIG_BLOCK, &Interrupts, &WaitMask);
  for (int Sig : {SIGINT, SIGTERM, SIGHUP})
    sigdelset(&WaitMask, Sig);
  llvm::SmallString<128> Dir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("corosafe_lsp", Dir)) {
    log("cannot create a temporary directory: " + EC.message());
    return 1;
  }
  TempDir = std::string(Dir);
  std::signal(SIGPIPE, SIG_IGN);
  bool InputOpen = true;
  char Buf[65536];
  while (!Exit) {
    bool Busy = !Queue.empty() || !Active.empty();
    struct pollfd Fd = {0, POLLIN, 0};
    struct timespec Tick = {0, 10 * 1000 * 1000};
    int Ready = ::ppoll(&Fd, 1, Busy ? &Tick : nullptr, &WaitMask);
    if (interrupt::signal()) {
      log(std::string("interrupted: stopping ") +
          std::to_string(Active.size()) + " worker(s)");
      cancelAll();
      llvm::sys::fs::remove_directories(TempDir);
      interrupt::exitNow();
    }
    if (Ready < 0 && errno != EINTR) {
      log(std::string("poll: ") + std::strerror(errno));
      break;
    }
    if (Ready > 0) {
      ssize_t N = ::read(0, Buf, sizeof Buf);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0) {
        InputOpen = false;
        if (!ShutDown)
          log("the client closed stdin without 'shutdown' and 'exit'");
        ExitCode = ShutDown ? 0 : 1;
        break;
      }
      Reader.feed(Buf, static_cast<size_t>(N));
      std::string Body;
      FrameReader::Status S;
      while (!Exit && (S = Reader.next(Body)) != FrameReader::Status::NeedMore) {
        if (S == FrameReader::Status::BadFrame) {
          log("bad frame: " + Body);
          replyError(nullptr, ParseError, "bad message frame: " + Body);
        } else {
          handleFrame(Body);
        }
      }
    }
    if (!Exit)
      pump();
    // The cache is kept within --cache-max-size as a run keeps it (LRU,
    // Cache.h), once the workers are done rather than after every entry.
    if (!Exit && Queue.empty() && Active.empty() && !CachesToPrune.empty()) {
      for (const std::string &Dir : CachesToPrune) {
        CacheUsage Pruned = pruneCache(Dir, Opts.CacheMaxBytes);
        if (Opts.Verbose && Pruned.Entries)
          log("cache: removed " + std::to_string(Pruned.Entries) +
              " least recently used " +
              (Pruned.Entries == 1 ? "entry" : "entries") + " (" +
              formatSize(Pruned.Bytes) +
              ") to stay within " + formatSize(Opts.CacheMaxBytes));
      }
      CachesToPrune.clear();
    }
  }
  (void)InputOpen;
  cancelAll();
  llvm::sys::fs::remove_directories(TempDir);
  return ExitCode;
}

} // namespace

int runServer(const std::vector<std::string> &ArgsIn,
              const std::string &SelfPath) {
  CLI::App App{"corosafe lsp: a language server (LSP over stdin/stdout) that "
               "publishes corosafe's findings as diagnostics when a file is "
               "opened or saved; run it beside clangd (docs/editors.md).",
               "corosafe lsp"};
  App.get_formatter()->column_width(34);
  ServerOptions O;
  std::vector<std::string> OptionKVs;
  App.add_option("--compile-commands-dir", O.CompileCommandsDir,
                 "Directory of compile_commands.json (default: searched "
                 "upwards from each file, as clangd does)")
      ->type_name("DIR");
  App.add_option("--config-file", O.ConfigFile,
                 "Configuration file (YAML or JSON, docs/configuration.md; "
                 "default: the .corosafe.yaml found upward from the root) "
                 "(as corosafe --config-file)")
      ->type_name("FILE");
  App.add_option("--checks", O.Checks,
                 "Comma-separated globs of rules to run (default: all)");
  App.add_option("--option", OptionKVs,
                 "Set a rule option: RULE.KEY=VALUE (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  App.add_option("--header-filter", O.HeaderFilter,
                 "Regex of headers whose findings are shown");
  std::vector<std::string> ProfileFiles;
  std::string BuiltinProfiles;
  App.add_option("--profile", ProfileFiles,
                 "A profile file describing a framework (repeatable; "
                 "docs/profiles.md)")
      ->expected(1)
      ->allow_extra_args(false)
      ->type_name("FILE");
  App.add_option("--builtin-profiles", BuiltinProfiles,
                 "Built-in profiles to use: all (default), none, ID;ID, or "
                 "-ID;-ID (all but these)");
  App.add_option("-j,--jobs", O.Jobs,
                 "Analyze N TUs in parallel (default: number of cores)")
      ->check(CLI::Range(1u, 4096u))
      ->type_name("N");
  App.add_option("--timeout", O.TimeoutSeconds,
                 "Give up on a TU after SECONDS (0: never; default 600)")
      ->check(CLI::Range(0u, 86400u))
      ->type_name("SECONDS");
  App.add_option("--cache-dir", O.CacheDir,
                 "Cache of TU results (default: DIR/.corosafe-cache next to "
                 "the compile_commands.json, as corosafe -p DIR)")
      ->type_name("DIR");
  std::string CacheMaxSize;
  App.add_option("--cache-max-size", CacheMaxSize,
                 "Keep the cache within SIZE (500M, 2G; 0: no limit; "
                 "default 1G), removing the least recently used entries")
      ->type_name("SIZE");
  App.add_flag("--no-cache", O.NoCache, "Neither read nor write the cache");
  App.add_flag("-v,--verbose", O.Verbose,
               "Log every analysis on stderr (the client's log)");
  if (std::optional<int> Done = parseCommandLine(App, ArgsIn, "corosafe lsp"))
    return *Done;
  for (const std::string &KV : OptionKVs) {
    size_t Eq = KV.find('=');
    if (Eq == std::string::npos || KV.find('.') > Eq) {
      std::cerr << "corosafe: error: --option expects RULE.KEY=VALUE, got '"
                << KV << "'\n";
      return 2;
    }
    O.CheckOptions[KV.substr(0, Eq)] = KV.substr(Eq + 1);
  }
  if (!ProfileFiles.empty()) {
    std::string List;
    for (const std::string &F : ProfileFiles)
      List += (List.empty() ? "" : ";") + absolutePath(F);
    O.CheckOptions[std::string(ProfilesOption)] = List;
  }
  if (!BuiltinProfiles.empty())
    O.CheckOptions[std::string(BuiltinProfilesOption)] = BuiltinProfiles;
  if (!O.CompileCommandsDir.empty()) {
    O.CompileCommandsDir = realPath(absolutePath(O.CompileCommandsDir));
    if (!llvm::sys::fs::is_regular_file(O.CompileCommandsDir +
                                        "/compile_commands.json")) {
      std::cerr << "corosafe: error: no compile_commands.json in '"
                << O.CompileCommandsDir << "' (--compile-commands-dir)\n";
      return 2;
    }
  }
  if (!CacheMaxSize.empty() && !parseSize(CacheMaxSize, O.CacheMaxBytes)) {
    std::cerr << "corosafe: error: invalid --cache-max-size: '" << CacheMaxSize
              << "' (expected a size such as 500M, 2G or 0 for no limit)\n";
    return 2;
  }
  if (!O.ConfigFile.empty())
    O.ConfigFile = absolutePath(O.ConfigFile);
  if (!O.CacheDir.empty())
    O.CacheDir = absolutePath(O.CacheDir);
  O.SelfPath = SelfPath;
  Server S(std::move(O));
  return S.run();
}

} // namespace corosafe::lsp
