//===- JsonOutput.cpp - corosafe's own JSON format ------------------------===//
//
// The format is documented in corosafe/Output.h. Keys are emitted in a fixed
// order and every key but "suppressed" is always present, so consumers (and
// golden tests) can rely on the shape.
//
//===----------------------------------------------------------------------===//
#include "corosafe/Output.h"
#include "corosafe/Rules.h"

namespace corosafe {

using nlohmann::ordered_json;

static void addRegion(ordered_json &Obj, const SourceRegion &Loc,
                      const OutputOptions &O) {
  Obj["file"] = relativePath(Loc.File, O.SourceRoot);
  Obj["line"] = Loc.Line;
  Obj["column"] = Loc.Column;
  if (Loc.EndLine != 0) {
    Obj["endLine"] = Loc.EndLine;
    Obj["endColumn"] = Loc.EndColumn;
  } else {
    Obj["endLine"] = Loc.Line;
    Obj["endColumn"] = Loc.Column + 1;
  }
}

ordered_json toJson(const RunResult &R, const OutputOptions &O) {
  ordered_json Out;
  Out["version"] = 1;
  Out["tool"] = {{"name", "corosafe"}, {"version", toolVersion()}};
  Out["sourceRoot"] =
      O.SourceRoot.empty() ? ordered_json() : ordered_json(O.SourceRoot);

  unsigned ByLevel[3] = {0, 0, 0};
  unsigned Suppressed = 0;
  ordered_json Findings = ordered_json::array();
  for (const Finding &F : R.Findings) {
    if (F.Suppressed) {
      ++Suppressed;
      if (O.OmitSuppressed)
        continue;
    } else {
      ++ByLevel[static_cast<unsigned>(F.Lvl)];
    }
    ordered_json J;
    J["rule"] = F.RuleId;
    J["level"] = levelName(F.Lvl);
    addRegion(J, F.Loc, O);
    J["message"] = F.Message;
    ordered_json Notes = ordered_json::array();
    for (const RelatedNote &N : F.Notes) {
      ordered_json JN;
      addRegion(JN, N.Loc, O);
      JN["message"] = N.Message;
      Notes.push_back(std::move(JN));
    }
    J["notes"] = std::move(Notes);
    J["help"] = F.Help;
    J["enclosing"] = F.Enclosing;
    J["fingerprint"] = F.Fingerprint;
    J["baselineState"] = F.BaselineState.empty()
                             ? ordered_json()
                             : ordered_json(F.BaselineState);
    if (F.Suppressed)
      J["suppressed"] = {{"kind", F.Suppressed->Kind},
                         {"comment", F.Suppressed->Comment}};
    Findings.push_back(std::move(J));
  }
  Out["findings"] = std::move(Findings);

  ordered_json Notifications = ordered_json::array();
  for (const ToolNotification &N : R.Notifications) {
    ordered_json J;
    J["id"] = N.Id;
    J["file"] = N.File.empty()
                    ? ordered_json()
                    : ordered_json(relativePath(N.File, O.SourceRoot));
    J["level"] = levelName(N.Lvl);
    J["message"] = N.Message;
    Notifications.push_back(std::move(J));
  }
  Out["notifications"] = std::move(Notifications);

  ordered_json Counts;
  Counts["error"] = ByLevel[static_cast<unsigned>(Level::Error)];
  Counts["warning"] = ByLevel[static_cast<unsigned>(Level::Warning)];
  Counts["note"] = ByLevel[static_cast<unsigned>(Level::Note)];
  Out["summary"] = {{"tusRequested", R.TUsRequested},
                    {"tusAnalyzed", R.TUsAnalyzed},
                    {"tusFailed", R.TUsFailed},
                    {"findings", std::move(Counts)},
                    {"suppressed", Suppressed}};
  return Out;
}

} // namespace corosafe
