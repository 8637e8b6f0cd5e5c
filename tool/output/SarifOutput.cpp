//===- SarifOutput.cpp - SARIF 2.1.0 --------------------------------------===//
//
// One run, shaped for GitHub code scanning and for the SARIF multitool's
// "Gh;Sarif" validation rules (test/tools/validate-sarif.sh):
//
// - tool.driver.rules lists every rule of allRules(), in catalogue order, so
//   ruleIndex is ruleIndex(id) and a run without results still documents the
//   rules.
// - Files are URIs relative to the uriBaseId %SRCROOT%, which
//   originalUriBaseIds maps to file:///<SourceRoot>/. Files outside the root
//   (or all files, without a root) are absolute file:// URIs.
// - columnKind is "utf16CodeUnits", what GitHub and editors count in. Clang's
//   columns are bytes, so we convert them using the file's text; when a file
//   cannot be read its columns stay as they are (exact for ASCII lines).
// - partialFingerprints.primaryLocationLineHash is GitHub's line hash of the
//   primary location's line, so results keep their identity across uploads
//   even though our line numbers move.
// - Messages are plain text. The SARIF guidelines (and the multitool's rule
//   SARIF2001) want each message to be complete sentences ending with a
//   period, while our messages follow Clang's style (no trailing period), so
//   a period is added here when the text ends with none of ".!?".
// - Suppressed findings carry suppressions [{kind, justification}], or are
//   dropped with OutputOptions::OmitSuppressed.
// - partialFingerprints also has "corosafe/v1", the gate's semantic
//   fingerprint (Finding::Fingerprint, no line numbers); baselineState is
//   written when the gate compared the run with a baseline.
// - A finding with Flow steps gets codeFlows: one codeFlow with one
//   threadFlow whose locations are the steps in order.
// - runAutomationDetails.id (SARIF property "automationDetails") comes from
//   OutputOptions::AutomationId or, when that is empty, RunResult's; without
//   either it is omitted. versionControlProvenance is written when the run
//   has RunResult::Vcs with a repository URI; its mappedTo is %SRCROOT% when
//   the source root is the work tree's top level, else the base id REPOROOT
//   (the work tree's top), and %SRCROOT% is then given relative to REPOROOT
//   (added to originalUriBaseIds), so that repository-relative paths can be
//   computed.
// - GitHub code scanning rejects a run with more than 25,000 results, a
//   result with more than 1,000 locations or 10,000 thread-flow locations.
//   We never exceed them: results are kept by priority (unsuppressed first,
//   then new before unchanged, then by level, then in output order), related
//   locations and flow steps are cut at the limit, and every cut is reported
//   in one toolExecutionNotification ("corosafe-sarif-truncated", level
//   warning) that says what was dropped. Output order is unchanged.
//
//===----------------------------------------------------------------------===//
#include "Utf8.h"
#include "corosafe/Output.h"
#include "corosafe/Rules.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>

namespace corosafe {

using nlohmann::ordered_json;

namespace {

constexpr const char *SrcRoot = "%SRCROOT%";
constexpr const char *RepoRoot = "REPOROOT";

/// What the SARIF writer drops to stay within GitHub's limits.
struct Truncation {
  size_t ResultsDropped = 0;
  size_t ResultsKept = 0;
  size_t ResultsWithRelatedCut = 0, RelatedDropped = 0;
  size_t ResultsWithFlowCut = 0, FlowStepsDropped = 0;
  bool any() const {
    return ResultsDropped || ResultsWithRelatedCut || ResultsWithFlowCut;
  }
};

/// A source file read once per output: its text, where its lines start and,
/// on demand, its line hashes.
struct SourceFile {
  bool Readable = false;
  std::string Text;
  std::vector<size_t> LineStarts; // byte offset of line N at [N-1]
  std::vector<std::string> Hashes;
  bool Hashed = false;

  /// Converts a 1-based byte column of \p Line into a 1-based UTF-16 column.
  unsigned utf16Column(unsigned Line, unsigned ByteColumn) const {
    if (!Readable || Line == 0 || Line > LineStarts.size() || ByteColumn == 0)
      return ByteColumn;
    size_t Begin = LineStarts[Line - 1];
    size_t End = Begin;
    while (End < Text.size() && Text[End] != '\n' && Text[End] != '\r')
      ++End;
    std::string_view LineText(Text.data() + Begin, End - Begin);
    size_t Wanted = ByteColumn - 1;
    std::string_view Prefix = LineText.substr(0, Wanted);
    unsigned Units = 0;
    for (size_t Pos = 0; Pos < Prefix.size();)
      Units += utf8::utf16Length(utf8::decode(Prefix, Pos));
    // A column past the end of the line (e.g. an exclusive end column) keeps
    // its distance from the end.
    if (Wanted > LineText.size())
      Units += static_cast<unsigned>(Wanted - LineText.size());
    return Units + 1;
  }

  const std::string *lineHash(unsigned Line) {
    if (!Readable)
      return nullptr;
    if (!Hashed) {
      Hashes = computeLineHashes(Text);
      Hashed = true;
    }
    if (Line == 0 || Line > Hashes.size() || Hashes[Line - 1].empty())
      return nullptr;
    return &Hashes[Line - 1];
  }
};

class SarifWriter {
public:
  SarifWriter(const RunResult &R, const OutputOptions &O) : R(R), O(O) {}

  ordered_json write();

private:
  SourceFile &file(const std::string &Path);
  ordered_json artifactLocation(const std::string &Path);
  ordered_json region(const SourceRegion &Loc);
  ordered_json physicalLocation(const SourceRegion &Loc);
  ordered_json rules();
  ordered_json result(const Finding &F);
  ordered_json threadFlowLocation(const RelatedNote &Step);
  ordered_json invocation();
  std::vector<const Finding *> selectResults();

  const RunResult &R;
  const OutputOptions &O;
  std::map<std::string, std::unique_ptr<SourceFile>> Files;
  Truncation Cut;
};

} // namespace

/// Plain text for a SARIF message: ends with a period unless it already ends
/// a sentence.
static std::string sentence(std::string_view Text) {
  while (!Text.empty() && (Text.back() == ' ' || Text.back() == '\n' ||
                           Text.back() == '\r' || Text.back() == '\t'))
    Text.remove_suffix(1);
  std::string Out(Text);
  if (Out.empty())
    return Out;
  char Last = Out.back();
  if (Last != '.' && Last != '!' && Last != '?')
    Out.push_back('.');
  return Out;
}

/// POSIX-shell quoting of one argument, for invocation.commandLine.
static std::string shellQuote(const std::string &Arg) {
  if (!Arg.empty() && Arg.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789-_./=:,+@%") == std::string::npos)
    return Arg;
  std::string Out = "'";
  for (char C : Arg) {
    if (C == '\'')
      Out += "'\\''";
    else
      Out.push_back(C);
  }
  Out += "'";
  return Out;
}

SourceFile &SarifWriter::file(const std::string &Path) {
  std::unique_ptr<SourceFile> &Slot = Files[Path];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<SourceFile>();
  std::ifstream In(Path, std::ios::binary);
  if (In) {
    std::ostringstream Buffer;
    Buffer << In.rdbuf();
    if (!In.bad()) {
      Slot->Readable = true;
      Slot->Text = Buffer.str();
    }
  }
  if (Slot->Readable) {
    const std::string &T = Slot->Text;
    Slot->LineStarts.push_back(0);
    for (size_t I = 0; I < T.size(); ++I) {
      if (T[I] == '\r' && I + 1 < T.size() && T[I + 1] == '\n')
        ++I;
      if (T[I] == '\n' || T[I] == '\r')
        Slot->LineStarts.push_back(I + 1);
    }
  }
  return *Slot;
}

ordered_json SarifWriter::artifactLocation(const std::string &Path) {
  ordered_json A;
  std::string Uri = relativeUri(Path, O.SourceRoot);
  bool Relative = Uri.compare(0, 7, "file://") != 0;
  A["uri"] = Uri;
  if (Relative)
    A["uriBaseId"] = SrcRoot;
  return A;
}

ordered_json SarifWriter::region(const SourceRegion &Loc) {
  unsigned Line = Loc.Line, Column = Loc.Column;
  unsigned EndLine = Loc.EndLine, EndColumn = Loc.EndColumn;
  if (EndLine == 0) {
    EndLine = Line;
    EndColumn = Column == 0 ? 0 : Column + 1;
  }
  if (EndLine < Line) {
    EndLine = Line;
    EndColumn = 0;
  }
  if (EndLine == Line && Column != 0 && EndColumn != 0 && EndColumn < Column)
    EndColumn = Column;

  const SourceFile &F = file(Loc.File);
  ordered_json Region;
  Region["startLine"] = Line;
  if (Column != 0)
    Region["startColumn"] = F.utf16Column(Line, Column);
  Region["endLine"] = EndLine;
  if (EndColumn != 0)
    Region["endColumn"] = F.utf16Column(EndLine, EndColumn);
  return Region;
}

ordered_json SarifWriter::physicalLocation(const SourceRegion &Loc) {
  ordered_json P;
  P["artifactLocation"] = artifactLocation(Loc.File);
  if (Loc.Line != 0)
    P["region"] = region(Loc);
  return P;
}

ordered_json SarifWriter::rules() {
  ordered_json Rules = ordered_json::array();
  for (const RuleInfo &Info : allRules()) {
    ordered_json Rule;
    Rule["id"] = Info.Id;
    Rule["name"] = Info.Name;
    Rule["shortDescription"] = {{"text", sentence(Info.ShortDescription)}};
    Rule["fullDescription"] = {{"text", sentence(Info.FullDescription)}};
    Rule["help"] = {{"text", std::string(Info.HelpText)},
                    {"markdown", std::string(Info.HelpMarkdown)}};
    Rule["helpUri"] = ruleHelpUri(Info);
    Rule["defaultConfiguration"] = {{"level", levelName(Info.DefaultLevel)}};
    ordered_json Tags = ordered_json::array();
    for (std::string_view Tag : Info.Tags)
      Tags.push_back(Tag);
    Rule["properties"] = {{"tags", std::move(Tags)},
                          {"precision", Info.Precision}};
    Rules.push_back(std::move(Rule));
  }
  return Rules;
}

ordered_json SarifWriter::result(const Finding &F) {
  ordered_json Res;
  Res["ruleId"] = F.RuleId;
  int Index = ruleIndex(F.RuleId);
  if (Index >= 0)
    Res["ruleIndex"] = Index;
  Res["level"] = levelName(F.Lvl);
  Res["message"] = {{"text", sentence(F.Message)}};

  ordered_json Location;
  Location["physicalLocation"] = physicalLocation(F.Loc);
  Res["locations"] = ordered_json::array({std::move(Location)});

  if (!F.Notes.empty()) {
    ordered_json Related = ordered_json::array();
    unsigned Id = 0;
    size_t Keep = std::min(F.Notes.size(), O.Limits.MaxRelatedLocations);
    if (Keep < F.Notes.size()) {
      ++Cut.ResultsWithRelatedCut;
      Cut.RelatedDropped += F.Notes.size() - Keep;
    }
    for (size_t I = 0; I < Keep; ++I) {
      const RelatedNote &N = F.Notes[I];
      ordered_json L;
      L["id"] = ++Id;
      if (!N.Loc.File.empty())
        L["physicalLocation"] = physicalLocation(N.Loc);
      L["message"] = {{"text", sentence(N.Message)}};
      Related.push_back(std::move(L));
    }
    Res["relatedLocations"] = std::move(Related);
  }

  if (!F.Flow.empty()) {
    ordered_json Steps = ordered_json::array();
    size_t Keep = std::min(F.Flow.size(), O.Limits.MaxThreadFlowLocations);
    if (Keep < F.Flow.size()) {
      ++Cut.ResultsWithFlowCut;
      Cut.FlowStepsDropped += F.Flow.size() - Keep;
    }
    for (size_t I = 0; I < Keep; ++I)
      Steps.push_back(threadFlowLocation(F.Flow[I]));
    ordered_json ThreadFlow;
    ThreadFlow["locations"] = std::move(Steps);
    ordered_json Flow;
    Flow["threadFlows"] = ordered_json::array({std::move(ThreadFlow)});
    Res["codeFlows"] = ordered_json::array({std::move(Flow)});
  }

  ordered_json Fingerprints = ordered_json::object();
  if (!F.Loc.File.empty())
    if (const std::string *Hash = file(F.Loc.File).lineHash(F.Loc.Line))
      Fingerprints["primaryLocationLineHash"] = *Hash;
  if (!F.Fingerprint.empty())
    Fingerprints["corosafe/v1"] = F.Fingerprint;
  if (!Fingerprints.empty())
    Res["partialFingerprints"] = std::move(Fingerprints);
  if (!F.BaselineState.empty())
    Res["baselineState"] = F.BaselineState;

  if (F.Suppressed) {
    ordered_json S;
    S["kind"] = F.Suppressed->Kind.empty() ? std::string("inSource")
                                           : F.Suppressed->Kind;
    if (!F.Suppressed->Comment.empty())
      S["justification"] = F.Suppressed->Comment;
    Res["suppressions"] = ordered_json::array({std::move(S)});
  }
  return Res;
}

ordered_json SarifWriter::threadFlowLocation(const RelatedNote &Step) {
  ordered_json Loc;
  if (!Step.Loc.File.empty())
    Loc["physicalLocation"] = physicalLocation(Step.Loc);
  Loc["message"] = {{"text", sentence(Step.Message)}};
  ordered_json TFL;
  TFL["location"] = std::move(Loc);
  return TFL;
}

/// The findings that become results, in output order: all of them unless
/// that exceeds the result limit; then the most important ones (see the
/// file comment).
std::vector<const Finding *> SarifWriter::selectResults() {
  std::vector<const Finding *> All;
  for (const Finding &F : R.Findings)
    if (!(F.Suppressed && O.OmitSuppressed))
      All.push_back(&F);
  if (All.size() <= O.Limits.MaxResults) {
    Cut.ResultsKept = All.size();
    return All;
  }
  std::vector<size_t> Order(All.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  auto Rank = [&](size_t I) {
    const Finding &F = *All[I];
    return std::make_tuple(F.Suppressed.has_value(),
                           F.BaselineState == "unchanged",
                           -static_cast<int>(F.Lvl), I);
  };
  std::sort(Order.begin(), Order.end(),
            [&](size_t A, size_t B) { return Rank(A) < Rank(B); });
  Order.resize(O.Limits.MaxResults);
  std::sort(Order.begin(), Order.end());
  std::vector<const Finding *> Kept;
  for (size_t I : Order)
    Kept.push_back(All[I]);
  Cut.ResultsDropped = All.size() - Kept.size();
  Cut.ResultsKept = Kept.size();
  return Kept;
}

ordered_json SarifWriter::invocation() {
  ordered_json Inv;
  if (!R.CommandLine.empty()) {
    std::string Line;
    for (const std::string &Arg : R.CommandLine) {
      if (!Line.empty())
        Line.push_back(' ');
      Line += shellQuote(Arg);
    }
    Inv["commandLine"] = Line;
    // SARIF's "arguments" are the ones after the program name.
    ordered_json Args = ordered_json::array();
    for (size_t I = 1; I < R.CommandLine.size(); ++I)
      Args.push_back(R.CommandLine[I]);
    Inv["arguments"] = std::move(Args);
  }
  if (!R.StartTimeUtc.empty())
    Inv["startTimeUtc"] = R.StartTimeUtc;
  if (!R.EndTimeUtc.empty())
    Inv["endTimeUtc"] = R.EndTimeUtc;
  Inv["executionSuccessful"] = R.TUsFailed == 0;
  if (!R.WorkingDirectory.empty())
    Inv["workingDirectory"] = {{"uri", fileUri(R.WorkingDirectory, true)}};

  ordered_json Notes = ordered_json::array();
  for (const ToolNotification &N : R.Notifications) {
    ordered_json J;
    if (!N.File.empty()) {
      ordered_json L;
      L["physicalLocation"] = {{"artifactLocation", artifactLocation(N.File)}};
      J["locations"] = ordered_json::array({std::move(L)});
    }
    J["message"] = {{"text", sentence(N.Message)}};
    J["level"] = levelName(N.Lvl);
    J["descriptor"] = {{"id", N.Id}};
    Notes.push_back(std::move(J));
  }
  if (Cut.any()) {
    std::string Text = "The SARIF output was truncated to GitHub code "
                       "scanning's limits";
    auto N = [](size_t V) { return std::to_string(V); };
    if (Cut.ResultsDropped)
      Text += "; " + N(Cut.ResultsDropped) + " results were dropped (kept " +
              N(Cut.ResultsKept) +
              ", the limit per run, preferring "
              "unsuppressed, new and more severe results)";
    if (Cut.ResultsWithRelatedCut)
      Text += "; " + N(Cut.RelatedDropped) + " related locations of " +
              N(Cut.ResultsWithRelatedCut) + " results were dropped (kept " +
              N(O.Limits.MaxRelatedLocations) + " per result)";
    if (Cut.ResultsWithFlowCut)
      Text += "; " + N(Cut.FlowStepsDropped) + " code flow steps of " +
              N(Cut.ResultsWithFlowCut) + " results were dropped (kept " +
              N(O.Limits.MaxThreadFlowLocations) + " per result)";
    Text += ". The text and JSON formats have every finding.";
    ordered_json J;
    J["message"] = {{"text", Text}};
    J["level"] = "warning";
    J["descriptor"] = {{"id", "corosafe-sarif-truncated"}};
    Notes.push_back(std::move(J));
  }
  Inv["toolExecutionNotifications"] = std::move(Notes);
  return Inv;
}

ordered_json SarifWriter::write() {
  ordered_json Driver;
  Driver["name"] = "corosafe";
  Driver["version"] = toolVersion();
  Driver["semanticVersion"] = toolVersion();
  Driver["informationUri"] = homepage();
  Driver["rules"] = rules();

  // Results first: the invocation reports what they had to leave out.
  ordered_json Results = ordered_json::array();
  for (const Finding *F : selectResults())
    Results.push_back(result(*F));

  ordered_json Run;
  Run["tool"] = {{"driver", std::move(Driver)}};
  Run["invocations"] = ordered_json::array({invocation()});
  bool HaveVcs = R.Vcs && !R.Vcs->RepositoryUri.empty();
  // The repository maps to %SRCROOT% when the source root is its top level,
  // else to a base id of its own.
  std::string RepoBase;
  if (HaveVcs)
    RepoBase = !O.SourceRoot.empty() && (R.Vcs->WorkTree.empty() ||
                                         R.Vcs->WorkTree == O.SourceRoot)
                   ? SrcRoot
                   : RepoRoot;
  if (!O.SourceRoot.empty() || RepoBase == RepoRoot) {
    ordered_json Bases = ordered_json::object();
    bool HaveRepoRoot = RepoBase == RepoRoot && !R.Vcs->WorkTree.empty();
    if (HaveRepoRoot)
      Bases[RepoRoot] = {{"uri", fileUri(R.Vcs->WorkTree, true)}};
    else if (RepoBase == RepoRoot)
      RepoBase.clear(); // nowhere to map it
    if (!O.SourceRoot.empty()) {
      // Below the repository's top, %SRCROOT% is expressed relative to
      // REPOROOT, so that every result location resolves against the
      // repository (SARIF2007) while staying relative to the source root.
      std::string Rel = HaveRepoRoot
                            ? relativeUri(O.SourceRoot, R.Vcs->WorkTree)
                            : std::string();
      if (!Rel.empty() && Rel.rfind("file:", 0) != 0)
        Bases[SrcRoot] = {{"uri", Rel + "/"}, {"uriBaseId", RepoRoot}};
      else
        Bases[SrcRoot] = {{"uri", fileUri(O.SourceRoot, true)}};
    }
    if (!Bases.empty())
      Run["originalUriBaseIds"] = std::move(Bases);
  }
  const std::string &AutomationId =
      O.AutomationId.empty() ? R.AutomationId : O.AutomationId;
  if (!AutomationId.empty())
    Run["automationDetails"] = {{"id", AutomationId}};
  if (HaveVcs) {
    ordered_json V;
    V["repositoryUri"] = R.Vcs->RepositoryUri;
    if (!R.Vcs->RevisionId.empty())
      V["revisionId"] = R.Vcs->RevisionId;
    if (!R.Vcs->Branch.empty())
      V["branch"] = R.Vcs->Branch;
    if (!RepoBase.empty())
      V["mappedTo"] = {{"uriBaseId", RepoBase}};
    Run["versionControlProvenance"] = ordered_json::array({std::move(V)});
  }
  Run["columnKind"] = "utf16CodeUnits";
  Run["results"] = std::move(Results);

  ordered_json Log;
  Log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  Log["version"] = "2.1.0";
  Log["runs"] = ordered_json::array({std::move(Run)});
  return Log;
}

ordered_json toSarif(const RunResult &R, const OutputOptions &O) {
  return SarifWriter(R, O).write();
}

} // namespace corosafe
