//===- OutputTest.cpp - unit tests of corosafe_output ---------------------===//
//
// A self-contained test program (no framework): every failed check prints
// "FAIL: <file>:<line>: <what>" and the program exits 1.
//
//   corosafe_output_test                      run the tests
//   corosafe_output_test --write-samples DIR  also write DIR/sample.sarif,
//       DIR/empty.sarif, DIR/bare.sarif, DIR/flows.sarif (codeFlows, gate
//       fields), DIR/truncated.sarif (cut to tiny limits) and
//       DIR/sample.json (with their sources under DIR/src and DIR/include)
//       for the SARIF validators (test/tools/validate-sarif.sh)
//
// The primaryLocationLineHash vectors were produced by running GitHub's
// reference implementation (github/codeql-action, src/fingerprints.ts, with
// the `long` package) on the same texts; only its outputs are kept here.
//
//===----------------------------------------------------------------------===//
#include "corosafe/Output.h"
#include "corosafe/Rules.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace corosafe;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

#include "Check.h"

static std::string join(const std::vector<std::string> &V) {
  std::string Out = "[";
  for (size_t I = 0; I < V.size(); ++I)
    Out += (I ? ", " : "") + V[I];
  return Out + "]";
}

static std::vector<std::string> keys(const ordered_json &Obj) {
  std::vector<std::string> Out;
  for (auto It = Obj.begin(); It != Obj.end(); ++It)
    Out.push_back(It.key());
  return Out;
}

static void writeFile(const fs::path &P, const std::string &Text) {
  fs::create_directories(P.parent_path());
  std::ofstream(P, std::ios::binary) << Text;
}

//===----------------------------------------------------------------------===//
// primaryLocationLineHash
//===----------------------------------------------------------------------===//

static void checkHashes(const std::string &Name, const std::string &Text,
                        const std::vector<std::string> &Expected) {
  std::vector<std::string> Got = computeLineHashes(Text);
  if (Got == Expected) {
    ++Passed;
    return;
  }
  ++Failed;
  std::printf("FAIL: line hashes of '%s'\n  got:      %s\n  expected: %s\n",
              Name.c_str(), join(Got).c_str(), join(Expected).c_str());
}

static void testLineHashes() {
  const std::string End = "c129715d7a2bc9a3:1"; // the line after the last LF
  checkHashes("empty", "", {End});
  checkHashes("no newline", "co_await x;", {"c025db560a11d1c5:1"});
  checkHashes(
      "short", "int main() {\n  return 0;\n}\n",
      {"550fa3eaed3e1fa1:1", "1faea435564ce3cb:1", "32dce9ccfdbc9d3e:1", End});
  checkHashes("line endings", "a\r\nb\r\n\r\nc\rd\n \r \n",
              {"55c246cb357ab42b:1", "9453ecdc6a7c7054:1", "fd8ad8977d97f040:1",
               "acf127df27d526d6:1", "6eb143f4a9d4361d:1", "5b5d4caf73a13177:1",
               "3c5bef55b72b93c9:1", End});
  checkHashes("tabs and spaces", "\tfoo(x);\n    foo(x);\nfoo (x);\n\t\n",
              {"8d2d59cd7f1d0d8f:1", "6a359ee850c2080d:1", "52988baf0db10ccb:1",
               "3c5bef55b72b93c9:1", End});

  // Lines longer than the 100-unit window.
  std::string Long;
  for (int I = 0; I < 8; ++I) {
    Long += "line " + std::to_string(I) + ": ";
    for (int J = 0; J < I * 3; ++J)
      Long += "abcdefghij";
    Long += "\n";
  }
  checkHashes("long lines", Long,
              {"15af110689cfa169:1", "28cf736e4b295f0d:1", "e7b4bd8a2d464e17:1",
               "c305c9b053d85325:1", "2ff68a0116caef0b:1", "9ce74a51d97a8338:1",
               "9d80aa29c2a1765:1", "76c8caf35ed9ab92:1", End});

  // BOM, non-BMP character (two UTF-16 units), malformed bytes.
  checkHashes(
      "utf-8",
      "\xEF\xBB\xBF// caf\xC3\xA9 \xF0\x9F\x98\x80\n"
      "auto s = \"\xC3\xBC\";\n"
      "bad \xFF\xC3 byte\n",
      {"6aa30fe3f5295c6b:1", "fa13f02a1f4c3abc:1", "bb17f381f5db1a36:1", End});

  // Identical windows: the occurrence counter goes up. CRLF, leading tabs
  // and trailing spaces do not change the hash.
  std::string Repeated = "foo(); \n";
  for (int I = 0; I < 29; ++I)
    Repeated += "\tfoo();\r\n";
  Repeated += "bar();\n";
  std::vector<std::string> Expected;
  for (int I = 1; I <= 16; ++I)
    Expected.push_back("8ee84a69048e53c1:" + std::to_string(I));
  for (const char *H :
       {"8ee84a69048e531f:1", "8ee83c6e1dcbc490:1", "ebda914217f61ba6:1",
        "22f1f3f3b3f845c4:1", "31a6a3d2b0030f4a:1", "1cb75d48b8bbb918:1",
        "399a11749813ee8e:1", "4df9d1bb3f5f438c:1", "7ff56d0286f09a72:1",
        "1e52763c69e65220:1", "77a6eeb52ffe9bf6:1", "2fbbe4a8d15dd9d4:1",
        "92c77a468187641a:1", "1aa1ec193cad97a8:1", "4770d21859988bde:1"})
    Expected.push_back(H);
  Expected.push_back(End);
  checkHashes("repeated lines", Repeated, Expected);
}

//===----------------------------------------------------------------------===//
// URIs
//===----------------------------------------------------------------------===//

static void testUris() {
  CHECK_EQ(relativeUri("/src/proj/a/b.cpp", "/src/proj"), "a/b.cpp");
  CHECK_EQ(relativeUri("/src/proj/a/b.cpp", "/src/proj/"), "a/b.cpp");
  CHECK_EQ(relativeUri("/src/proj/dir with space/\xC3\xBC.cpp", "/src/proj"),
           "dir%20with%20space/%C3%BC.cpp");
  CHECK_EQ(relativeUri("/r/a:b+c#d%e.cpp", "/r"), "a%3Ab%2Bc%23d%25e.cpp");
  CHECK_EQ(relativeUri("/usr/include/x.h", "/src/proj"),
           "file:///usr/include/x.h");
  CHECK_EQ(relativeUri("/src/project2/a.cpp", "/src/proj"),
           "file:///src/project2/a.cpp");
  CHECK_EQ(relativeUri("/src/proj", "/src/proj"), "file:///src/proj");
  CHECK_EQ(relativeUri("/x/y.cpp", ""), "file:///x/y.cpp");
  CHECK_EQ(relativeUri("/x/y.cpp", "/"), "x/y.cpp");
  CHECK_EQ(relativeUri("/a b/c.cpp", "/x"), "file:///a%20b/c.cpp");
  CHECK_EQ(fileUri("/src/proj", true), "file:///src/proj/");
  CHECK_EQ(fileUri("/src/proj//", true), "file:///src/proj/");
  CHECK_EQ(fileUri("/", true), "file:///");
  CHECK_EQ(relativePath("/src/proj/dir with space/x.cpp", "/src/proj"),
           "dir with space/x.cpp");
  CHECK_EQ(relativePath("/other/x.cpp", "/src/proj"), "/other/x.cpp");
}

//===----------------------------------------------------------------------===//
// A sample run
//===----------------------------------------------------------------------===//

// Line 3 has a two-byte and a four-byte character before "co_await".
static const char *const ChanCpp =
    "#include \"chan.h\"\n"
    "task<void> pump(chan &c) {\n"
    "  auto s = \"\xC3\xA9\xF0\x9F\x98\x80\"; auto v = co_await c.recv();\n"
    "  co_await (c.recv() || timer());\n"
    "  // corosafe-ignore(corosafe-cancel-select): drained by the caller\n"
    "  co_await (c.recv() || timer());\n"
    "}\n";
static const char *const ChanH = "struct chan { task<int> recv(); };\n";

static unsigned byteColumn(const std::string &Line, const std::string &What) {
  return static_cast<unsigned>(Line.find(What)) + 1;
}

static std::string ruleId() {
  return allRules().empty() ? std::string("corosafe-unknown")
                            : std::string(allRules().front().Id);
}

static RunResult sampleRun(const fs::path &Root, bool WithFindings) {
  std::string Cpp = (Root / "src" / "chan.cpp").string();
  std::string H = (Root / "include" / "chan.h").string();
  RunResult R;
  R.TUsRequested = 2;
  R.TUsAnalyzed = WithFindings ? 1 : 2;
  R.TUsFailed = WithFindings ? 1 : 0;
  R.StartTimeUtc = "2026-11-25T10:00:00.000Z";
  R.EndTimeUtc = "2026-11-25T10:00:01.500Z";
  R.CommandLine = {"/usr/bin/corosafe", "--format", "sarif", "-p", "build",
                   "src/chan.cpp",      "it's here"};
  R.WorkingDirectory = Root.string();

  if (!WithFindings)
    return R; // a clean run: no results, no notifications

  ToolNotification N;
  N.File = (Root / "src" / "broken.cpp").string();
  N.Message = "compilation failed: 'missing.h' file not found";
  R.Notifications.push_back(N);

  std::string Line3 = "  auto s = \"\xC3\xA9\xF0\x9F\x98\x80\"; auto v = "
                      "co_await c.recv();";
  Finding F;
  F.RuleId = ruleId();
  F.Lvl = Level::Warning;
  F.Loc = {Cpp, 3, byteColumn(Line3, "co_await"), 3,
           byteColumn(Line3, "co_await") + 8};
  F.Message = "data received by 'c.recv()' is lost when the select cancels "
              "this operand";
  F.Notes.push_back({{Cpp, 4, 13, 4, 21}, "the select that cancels it"});
  F.Notes.push_back({{H, 1, 25, 0, 0}, "'recv' declared here"});
  F.Enclosing = "pump";
  F.MessageKey = "lost-after-take";
  R.Findings.push_back(F);

  Finding S = F;
  S.Loc = {Cpp, 6, 3, 6, 11};
  S.Notes.clear();
  S.Suppressed = Suppression{"inSource", "drained by the caller"};
  R.Findings.push_back(S);

  // A file that cannot be read: no fingerprint, byte columns kept.
  Finding U = F;
  U.Loc = {(Root / "gone.cpp").string(), 7, 5, 7, 9};
  U.Notes.clear();
  U.Message = "another finding.";
  R.Findings.push_back(U);
  return R;
}

static fs::path makeSources(const fs::path &Root) {
  writeFile(Root / "src" / "chan.cpp", ChanCpp);
  writeFile(Root / "include" / "chan.h", ChanH);
  return Root;
}

static void testJson(const fs::path &Root) {
  RunResult R = sampleRun(Root, true);
  OutputOptions O;
  O.SourceRoot = Root.string();
  ordered_json J = toJson(R, O);

  CHECK_EQ(join(keys(J)), join({"version", "tool", "sourceRoot", "findings",
                                "notifications", "summary"}));
  CHECK_EQ(J["version"], 1);
  CHECK_EQ(J["tool"]["name"], "corosafe");
  CHECK_EQ(J["tool"]["version"], std::string(toolVersion()));
  CHECK_EQ(J["sourceRoot"], Root.string());
  CHECK_EQ(J["findings"].size(), 3u);

  const ordered_json &F = J["findings"][0];
  CHECK_EQ(join(keys(F)),
           join({"rule", "level", "file", "line", "column", "endLine",
                 "endColumn", "message", "notes", "help", "enclosing",
                 "fingerprint", "baselineState"}));
  CHECK_EQ(F["rule"], ruleId());
  CHECK_EQ(F["level"], "warning");
  CHECK_EQ(F["file"], "src/chan.cpp");
  CHECK_EQ(F["line"], 3);
  CHECK_EQ(F["column"], R.Findings[0].Loc.Column); // bytes, as Clang's
  CHECK_EQ(F["message"], R.Findings[0].Message);
  CHECK_EQ(F["enclosing"], "pump");
  CHECK_EQ(F["notes"].size(), 2u);
  CHECK_EQ(join(keys(F["notes"][0])),
           join({"file", "line", "column", "endLine", "endColumn", "message"}));
  CHECK_EQ(F["notes"][1]["file"], "include/chan.h");
  CHECK_EQ(F["notes"][1]["endLine"], 1); // no end: line/column+1
  CHECK_EQ(F["notes"][1]["endColumn"], 26);
  CHECK(!F.contains("suppressed"));

  const ordered_json &S = J["findings"][1];
  CHECK(S.contains("suppressed"));
  CHECK_EQ(S["suppressed"]["kind"], "inSource");
  CHECK_EQ(S["suppressed"]["comment"], "drained by the caller");
  CHECK_EQ(J["findings"][2]["file"],
           (Root / "gone.cpp").string().substr(Root.string().size() + 1));

  CHECK_EQ(J["notifications"].size(), 1u);
  CHECK_EQ(join(keys(J["notifications"][0])),
           join({"id", "file", "level", "message"}));
  CHECK_EQ(J["notifications"][0]["file"], "src/broken.cpp");
  CHECK_EQ(J["notifications"][0]["level"], "error");

  const ordered_json &Sum = J["summary"];
  CHECK_EQ(Sum["tusRequested"], 2);
  CHECK_EQ(Sum["tusAnalyzed"], 1);
  CHECK_EQ(Sum["tusFailed"], 1);
  CHECK_EQ(Sum["findings"].dump(), R"({"error":0,"warning":2,"note":0})");
  CHECK_EQ(Sum["suppressed"], 1);

  O.OmitSuppressed = true;
  ordered_json Omitted = toJson(R, O);
  CHECK_EQ(Omitted["findings"].size(), 2u);
  CHECK_EQ(Omitted["summary"]["suppressed"], 1);

  // Without a root: absolute paths, null sourceRoot, null notification file.
  RunResult Empty;
  Empty.Notifications.push_back(ToolNotification());
  ordered_json E = toJson(Empty, OutputOptions());
  CHECK(E["sourceRoot"].is_null());
  CHECK(E["findings"].is_array() && E["findings"].empty());
  CHECK(E["notifications"][0]["file"].is_null());
  // Deterministic output.
  CHECK_EQ(toJson(R, O).dump(), Omitted.dump());
}

static void testSarif(const fs::path &Root) {
  RunResult R = sampleRun(Root, true);
  OutputOptions O;
  O.SourceRoot = Root.string();
  ordered_json Log = toSarif(R, O);

  CHECK_EQ(Log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK_EQ(Log["version"], "2.1.0");
  CHECK_EQ(Log["runs"].size(), 1u);
  const ordered_json &Run = Log["runs"][0];

  const ordered_json &Driver = Run["tool"]["driver"];
  CHECK_EQ(Driver["name"], "corosafe");
  CHECK_EQ(Driver["version"], std::string(toolVersion()));
  CHECK_EQ(Driver["semanticVersion"], std::string(toolVersion()));
  CHECK_EQ(Driver["informationUri"], std::string(homepage()));
  CHECK_EQ(Driver["rules"].size(), allRules().size());
  for (size_t I = 0; I < allRules().size(); ++I) {
    const ordered_json &Rule = Driver["rules"][I];
    const RuleInfo &Info = allRules()[I];
    CHECK_EQ(Rule["id"], std::string(Info.Id));
    CHECK_EQ(Rule["name"], std::string(Info.Name));
    CHECK(Rule["shortDescription"]["text"].is_string());
    CHECK(Rule["fullDescription"]["text"].is_string());
    CHECK_EQ(Rule["help"]["text"], std::string(Info.HelpText));
    CHECK_EQ(Rule["help"]["markdown"], std::string(Info.HelpMarkdown));
    CHECK_EQ(Rule["helpUri"], ruleHelpUri(Info));
    CHECK_EQ(Rule["defaultConfiguration"]["level"],
             std::string(levelName(Info.DefaultLevel)));
    CHECK_EQ(Rule["properties"]["tags"].size(), Info.Tags.size());
    CHECK_EQ(Rule["properties"]["precision"], std::string(Info.Precision));
  }

  CHECK_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
           fileUri(Root.string(), true));
  std::string RootUri = Run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  CHECK(RootUri.back() == '/');
  CHECK_EQ(Run["columnKind"], "utf16CodeUnits");
  CHECK(!Run.contains("automationDetails"));

  const ordered_json &Inv = Run["invocations"][0];
  CHECK_EQ(Inv["executionSuccessful"], false);
  CHECK_EQ(Inv["startTimeUtc"], R.StartTimeUtc);
  CHECK_EQ(Inv["endTimeUtc"], R.EndTimeUtc);
  CHECK_EQ(Inv["commandLine"], "/usr/bin/corosafe --format sarif -p build "
                               "src/chan.cpp 'it'\\''s here'");
  CHECK_EQ(Inv["arguments"].size(), R.CommandLine.size() - 1);
  CHECK_EQ(Inv["workingDirectory"]["uri"], RootUri);
  const ordered_json &Note = Inv["toolExecutionNotifications"][0];
  CHECK_EQ(Note["level"], "error");
  CHECK_EQ(Note["descriptor"]["id"], "corosafe-tu-failed");
  CHECK_EQ(Note["message"]["text"],
           "compilation failed: 'missing.h' file not found.");
  CHECK_EQ(Note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
           "src/broken.cpp");

  const ordered_json &Results = Run["results"];
  CHECK_EQ(Results.size(), 3u);
  const ordered_json &Res = Results[0];
  CHECK_EQ(Res["ruleId"], ruleId());
  CHECK_EQ(Res["ruleIndex"], ruleIndex(ruleId()));
  CHECK_EQ(Res["level"], "warning");
  CHECK_EQ(Res["message"]["text"], R.Findings[0].Message + ".");
  CHECK_EQ(Res["locations"].size(), 1u);
  const ordered_json &Phys = Res["locations"][0]["physicalLocation"];
  CHECK_EQ(Phys["artifactLocation"]["uri"], "src/chan.cpp");
  CHECK_EQ(Phys["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  // é is 2 bytes / 1 unit, U+1F600 is 4 bytes / 2 units: 3 fewer columns.
  CHECK_EQ(Phys["region"]["startLine"], 3);
  CHECK_EQ(Phys["region"]["startColumn"], R.Findings[0].Loc.Column - 3);
  CHECK_EQ(Phys["region"]["endLine"], 3);
  CHECK_EQ(Phys["region"]["endColumn"], R.Findings[0].Loc.EndColumn - 3);

  CHECK_EQ(Res["relatedLocations"].size(), 2u);
  CHECK_EQ(Res["relatedLocations"][0]["id"], 1);
  CHECK_EQ(Res["relatedLocations"][1]["id"], 2);
  CHECK_EQ(Res["relatedLocations"][0]["message"]["text"],
           "the select that cancels it.");
  const ordered_json &Rel = Res["relatedLocations"][1]["physicalLocation"];
  CHECK_EQ(Rel["artifactLocation"]["uri"], "include/chan.h");
  CHECK_EQ(Rel["region"]["startColumn"], 25);
  CHECK_EQ(Rel["region"]["endLine"], 1);
  CHECK_EQ(Rel["region"]["endColumn"], 26);

  std::vector<std::string> Hashes = computeLineHashes(ChanCpp);
  CHECK_EQ(Res["partialFingerprints"]["primaryLocationLineHash"], Hashes[2]);
  CHECK(!Res.contains("suppressions"));

  const ordered_json &Sup = Results[1];
  CHECK_EQ(Sup["suppressions"].size(), 1u);
  CHECK_EQ(Sup["suppressions"][0]["kind"], "inSource");
  CHECK_EQ(Sup["suppressions"][0]["justification"], "drained by the caller");
  CHECK_EQ(Sup["partialFingerprints"]["primaryLocationLineHash"], Hashes[5]);
  CHECK(!Sup.contains("relatedLocations"));

  const ordered_json &Gone = Results[2];
  CHECK(!Gone.contains("partialFingerprints"));
  CHECK_EQ(Gone["locations"][0]["physicalLocation"]["region"]["startColumn"],
           5);
  CHECK_EQ(Gone["message"]["text"], "another finding.");

  // OmitSuppressed, AutomationId, a file outside the root.
  O.OmitSuppressed = true;
  O.AutomationId = "corosafe/";
  R.Findings[2].Loc.File = "/nonexistent dir/x.cpp";
  ordered_json Upload = toSarif(R, O);
  const ordered_json &URun = Upload["runs"][0];
  CHECK_EQ(URun["results"].size(), 2u);
  CHECK_EQ(URun["automationDetails"]["id"], "corosafe/");
  const ordered_json &Abs = URun["results"][1]["locations"][0]
                                ["physicalLocation"]["artifactLocation"];
  CHECK_EQ(Abs["uri"], "file:///nonexistent%20dir/x.cpp");
  CHECK(!Abs.contains("uriBaseId"));

  // No results: still every rule, an empty results array.
  RunResult Empty;
  Empty.TUsRequested = Empty.TUsAnalyzed = 1;
  ordered_json E = toSarif(Empty, OutputOptions());
  CHECK(E["runs"][0]["results"].is_array() && E["runs"][0]["results"].empty());
  CHECK_EQ(E["runs"][0]["tool"]["driver"]["rules"].size(), allRules().size());
  CHECK_EQ(E["runs"][0]["invocations"][0]["executionSuccessful"], true);
  CHECK(!E["runs"][0].contains("originalUriBaseIds"));
  CHECK(E["runs"][0]["invocations"][0]["toolExecutionNotifications"].empty());
}

//===----------------------------------------------------------------------===//
// codeFlows, gate fields, GitHub's limits
//===----------------------------------------------------------------------===//

/// A run whose first finding has a 3-step flow, a semantic fingerprint, a
/// baseline state, plus a category and version control data.
static RunResult flowRun(const fs::path &Root) {
  RunResult R = sampleRun(Root, true);
  std::string Cpp = (Root / "src" / "chan.cpp").string();
  std::string H = (Root / "include" / "chan.h").string();
  Finding &F = R.Findings[0];
  F.Flow = {{{Cpp, 4, 13, 4, 21}, "'pump' sends to 'sink'"},
            {{H, 1, 25, 0, 0}, "'sink' sends back to 'pump'"},
            {{Cpp, 3, 3, 3, 9}, "the send that blocks"}};
  F.Fingerprint = "0123456789abcdef:1";
  F.BaselineState = "new";
  R.Findings[1].BaselineState = "unchanged";
  R.Findings[2].BaselineState = "unchanged";
  R.AutomationId = "corosafe/";
  R.Vcs = RunResult::VersionControl{"https://github.com/corosafe/corosafe",
                                    "0123456789abcdef0123456789abcdef01234567",
                                    "main", Root.string()};
  return R;
}

static void testCodeFlows(const fs::path &Root) {
  RunResult R = flowRun(Root);
  OutputOptions O;
  O.SourceRoot = Root.string();
  ordered_json Run = toSarif(R, O)["runs"][0];
  const ordered_json &Res = Run["results"][0];
  CHECK_EQ(Res["codeFlows"].size(), 1u);
  CHECK_EQ(Res["codeFlows"][0]["threadFlows"].size(), 1u);
  const ordered_json &Steps =
      Res["codeFlows"][0]["threadFlows"][0]["locations"];
  CHECK_EQ(Steps.size(), 3u);
  CHECK_EQ(Steps[0]["location"]["message"]["text"], "'pump' sends to 'sink'.");
  CHECK_EQ(Steps[1]["location"]["physicalLocation"]["artifactLocation"]["uri"],
           "include/chan.h");
  CHECK_EQ(Steps[2]["location"]["physicalLocation"]["region"]["startLine"], 3);
  CHECK_EQ(join(keys(Res["partialFingerprints"])),
           join({"primaryLocationLineHash", "corosafe/v1"}));
  CHECK_EQ(Res["partialFingerprints"]["corosafe/v1"], "0123456789abcdef:1");
  CHECK_EQ(Res["baselineState"], "new");
  CHECK_EQ(Run["results"][1]["baselineState"], "unchanged");
  CHECK(!Run["results"][1].contains("codeFlows"));
  CHECK_EQ(Run["automationDetails"]["id"], "corosafe/");
  CHECK_EQ(Run["versionControlProvenance"][0]["repositoryUri"],
           "https://github.com/corosafe/corosafe");
  CHECK_EQ(Run["versionControlProvenance"][0]["branch"], "main");
  CHECK_EQ(Run["versionControlProvenance"][0]["mappedTo"]["uriBaseId"],
           "%SRCROOT%");
  CHECK(!Run["originalUriBaseIds"].contains("REPOROOT"));
  // A source root below the work tree's top: the repository gets its own
  // base id.
  RunResult Sub = R;
  Sub.Vcs->WorkTree = Root.parent_path().string();
  ordered_json SubRun = toSarif(Sub, O)["runs"][0];
  CHECK_EQ(SubRun["versionControlProvenance"][0]["mappedTo"]["uriBaseId"],
           "REPOROOT");
  CHECK_EQ(SubRun["originalUriBaseIds"]["REPOROOT"]["uri"],
           fileUri(Root.parent_path().string(), true));
  // ... and %SRCROOT% is relative to it, so results resolve in the repository.
  CHECK_EQ(SubRun["originalUriBaseIds"]["%SRCROOT%"]["uri"],
           Root.filename().string() + "/");
  CHECK_EQ(SubRun["originalUriBaseIds"]["%SRCROOT%"]["uriBaseId"],
           "REPOROOT");
  // OutputOptions' category wins over the run's.
  O.AutomationId = "other/";
  CHECK_EQ(toSarif(R, O)["runs"][0]["automationDetails"]["id"], "other/");
  // No repository URI: no versionControlProvenance (it is required there).
  R.Vcs->RepositoryUri.clear();
  CHECK(!toSarif(R, O)["runs"][0].contains("versionControlProvenance"));
  // Nothing truncated: no extra notification (just the failed TU).
  CHECK_EQ(Run["invocations"][0]["toolExecutionNotifications"].size(), 1u);
}

static const ordered_json *truncationNote(const ordered_json &Run) {
  for (const ordered_json &N :
       Run["invocations"][0]["toolExecutionNotifications"])
    if (N["descriptor"]["id"] == "corosafe-sarif-truncated")
      return &N;
  return nullptr;
}

static void testLimits(const fs::path &Root) {
  // GitHub's real limits: 25,000 results per run, 1,000 locations and 10,000
  // thread-flow locations per result.
  OutputOptions O;
  O.SourceRoot = Root.string();
  CHECK_EQ(O.Limits.MaxResults, 25000u);
  CHECK_EQ(O.Limits.MaxRelatedLocations + 1, 1000u);
  CHECK_EQ(O.Limits.MaxThreadFlowLocations, 10000u);

  RunResult R;
  R.TUsRequested = R.TUsAnalyzed = 1;
  std::string Cpp = (Root / "big.cpp").string(); // not on disk: cheap
  const unsigned N = 25003;
  for (unsigned I = 0; I < N; ++I) {
    Finding F;
    F.RuleId = ruleId();
    // Three errors at the end must survive; two suppressed ones at the
    // start are the first to go, then notes, then the last warnings.
    F.Lvl = I >= N - 3     ? Level::Error
            : I % 100 == 1 ? Level::Note
                           : Level::Warning;
    F.Loc = {Cpp, I + 1, 1, I + 1, 2};
    F.Message = "finding " + std::to_string(I);
    if (I < 2)
      F.Suppressed = Suppression{"inSource", "known"};
    R.Findings.push_back(std::move(F));
  }
  Finding &Big = R.Findings[5];
  for (unsigned I = 0; I < 1500; ++I)
    Big.Notes.push_back({{Cpp, I + 1, 1, 0, 0}, "note " + std::to_string(I)});
  for (unsigned I = 0; I < 10007; ++I)
    Big.Flow.push_back({{Cpp, I + 1, 1, 0, 0}, "step " + std::to_string(I)});

  ordered_json Run = toSarif(R, O)["runs"][0];
  const ordered_json &Results = Run["results"];
  CHECK_EQ(Results.size(), 25000u);
  // Kept in output order; the suppressed ones and one note were dropped.
  CHECK_EQ(Results[0]["message"]["text"], "finding 2.");
  CHECK_EQ(Results[24999]["message"]["text"],
           "finding " + std::to_string(N - 1) + ".");
  CHECK(!Results[0].contains("suppressions"));
  unsigned Notes = 0, Errors = 0;
  for (const ordered_json &Res : Results) {
    Notes += Res["level"] == "note";
    Errors += Res["level"] == "error";
  }
  CHECK_EQ(Errors, 3u);
  // 251 indexes with I % 100 == 1: #1 is suppressed, #25001 an error, and
  // the last remaining note (#24901) is the one unsuppressed result cut.
  CHECK_EQ(Notes, 248u);
  const ordered_json &BigRes = Results[3]; // finding 5
  CHECK_EQ(BigRes["message"]["text"], "finding 5.");
  CHECK_EQ(BigRes["relatedLocations"].size(), 999u);
  CHECK_EQ(BigRes["relatedLocations"][998]["message"]["text"], "note 998.");
  CHECK_EQ(BigRes["codeFlows"][0]["threadFlows"][0]["locations"].size(),
           10000u);
  const ordered_json *Note = truncationNote(Run);
  CHECK(Note != nullptr);
  if (Note) {
    CHECK_EQ((*Note)["level"], "warning");
    std::string Text = (*Note)["message"]["text"];
    CHECK(Text.find("3 results were dropped (kept 25000") != std::string::npos);
    CHECK(Text.find("501 related locations of 1 results") != std::string::npos);
    CHECK(Text.find("7 code flow steps of 1 results") != std::string::npos);
  }
  // Deterministic: the same input gives the same bytes.
  CHECK(toSarif(R, O).dump() == toSarif(R, O).dump());

  // OmitSuppressed counts only what is left: 25,001 results, 1 dropped.
  O.OmitSuppressed = true;
  ordered_json Omit = toSarif(R, O)["runs"][0];
  CHECK_EQ(Omit["results"].size(), 25000u);
  const ordered_json *OmitNote = truncationNote(Omit);
  CHECK(OmitNote != nullptr);
  if (OmitNote)
    CHECK(std::string((*OmitNote)["message"]["text"])
              .find("1 results were dropped") != std::string::npos);
}

static int writeSamples(const fs::path &Dir) {
  fs::path Root = fs::absolute(Dir);
  makeSources(Root);
  OutputOptions O;
  O.SourceRoot = Root.string();
  std::ofstream(Root / "sample.sarif")
      << toSarif(sampleRun(Root, true), O).dump(2) << "\n";
  std::ofstream(Root / "empty.sarif")
      << toSarif(sampleRun(Root, false), O).dump(2) << "\n";
  std::ofstream(Root / "sample.json")
      << toJson(sampleRun(Root, true), O).dump(2) << "\n";
  // Nothing optional at all: no root, no times, no command line.
  std::ofstream(Root / "bare.sarif")
      << toSarif(RunResult(), OutputOptions()).dump(2) << "\n";
  // codeFlows, fingerprints, baselineState, category, version control.
  std::ofstream(Root / "flows.sarif")
      << toSarif(flowRun(Root), O).dump(2) << "\n";
  // Truncated to small limits: the notification must validate too.
  OutputOptions Small = O;
  Small.Limits.MaxResults = 1;
  Small.Limits.MaxRelatedLocations = 1;
  Small.Limits.MaxThreadFlowLocations = 2;
  std::ofstream(Root / "truncated.sarif")
      << toSarif(flowRun(Root), Small).dump(2) << "\n";
  return 0;
}

int main(int Argc, char **Argv) {
  fs::path Samples;
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (Arg == "--write-samples" && I + 1 < Argc) {
      Samples = Argv[++I];
    } else {
      std::fprintf(stderr, "usage: %s [--write-samples DIR]\n", Argv[0]);
      return 2;
    }
  }

  fs::path Tmp = fs::temp_directory_path() /
                 ("corosafe-output-test-" + std::to_string(::getpid()));
  makeSources(Tmp);
  testLineHashes();
  testUris();
  testJson(Tmp);
  testSarif(Tmp);
  testCodeFlows(Tmp);
  testLimits(Tmp);
  std::error_code EC;
  fs::remove_all(Tmp, EC);

  if (!Samples.empty())
    writeSamples(Samples);

  std::printf("corosafe_output_test: %u passed, %u failed\n", Passed, Failed);
  return Failed == 0 ? 0 : 1;
}
