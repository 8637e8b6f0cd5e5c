"""sarif-flow.py FILE: prints each result of a SARIF log with its related
locations and the steps of its first thread flow, one line each, paths as
written in the log (relative to the source root)."""
import json, sys
log = json.load(open(sys.argv[1]))
def where(loc):
    p = loc["physicalLocation"]
    return "%s:%d" % (p["artifactLocation"]["uri"], p["region"]["startLine"])
for run in log["runs"]:
    for r in run.get("results", []):
        print("result", r["ruleId"], where(r["locations"][0]))
        for rel in r.get("relatedLocations", []):
            print("related", where(rel), rel.get("message", {}).get("text", ""))
        for cf in r.get("codeFlows", [])[:1]:
            for tf in cf["threadFlows"][:1]:
                for step in tf["locations"]:
                    loc = step["location"]
                    print("flow", where(loc), loc.get("message", {}).get("text", ""))
