#!/usr/bin/env python3
"""Writes a synthetic facts directory for timing `corosafe merge` alone.

Usage: gen-facts.py --ops N --out DIR [--rings K] [--stages L] [--per-tu S]
                    [--corosafe BIN]

The program it describes is a copy, many times over, of a small pipeline as
corosafe records it from real Boost.Asio code (docs/facts.md): module m has a
struct `app::m<m>::Bus` in a header with L+1 bounded channel fields
(`experimental::channel`, capacity 4) and L coroutine stages; stage j loops,
receiving from field j and sending to field j+1, and `run()` spawns every
stage. The stages live in TUs of S stages each, and every TU sees the whole
Bus header (its channel facts repeat in every TU of the module, as a field
declared in a header does). In K of the modules the last stage sends back
into field 0: each of those is one ring, so the merge must report exactly K
channel cycles (K is at most the channel-cycle rule's default MaxCycles); the
others end in a sink stage that only receives. The configuration in every
file raises the rule's MaxTaskInstances to 2N, so that the whole graph is
built (every stage is a task instance).

The number of modules is chosen so that the channel operations total about
N (each stage has two; the script prints the exact count). Files are
`<tu>.facts.json` facts files as `--facts-dir` writes them, without a
manifest, so `corosafe merge DIR` reads them all.

The envelope of each file (tool version, configuration) is taken from
BIN --version when given, else from the defaults below; output is
deterministic. Prints `operations N`, `tus T` and `expected-cycles K`.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = "/home/dev/pipeline"
TYPE = {"bounded": True,
        "name": "boost::asio::experimental::basic_channel",
        "origin": "asio"}
RULES = ["corosafe-channel-cycle", "corosafe-unbounded-channel"]


def region(path, line, col, width):
    return {"column": col, "endColumn": col + width, "endLine": line,
            "file": path, "line": line}


def bus_usr(m):
    return "c:@N@app@N@m%d@S@Bus" % m


def field_usr(m, k):
    return "%s@FI@ch_%d" % (bus_usr(m), k)


def stage_usr(m, j):
    return "c:@N@app@N@m%d@F@stage_%d#&$@N@app@N@m%d@S@Bus#" % (m, j, m)


def run_usr(m):
    return "c:@N@app@N@m%d@F@run#&$@N@app@N@m%d@S@Bus#" % (m, m)


def channel_ref(m, k):
    return {"kind": "field", "name": "app::m%d::Bus::ch_%d" % (m, k),
            "usr": field_usr(m, k)}


def stage_fact(m, j, path, line):
    """The function fact of coroutine stage j of module m."""
    return {"channelParams": [{"channel": False, "index": 0,
                               "name": "bus", "type": "Bus &"}],
            "coroutine": True, "lambda": False,
            "loc": region(path, line, 24, 8 + len(str(j))),
            "name": "stage_%d" % j,
            "qualifiedName": "app::m%d::stage_%d" % (m, j),
            "usr": stage_usr(m, j)}


def tool_version(binary):
    if not binary:
        return "0.1.0"
    out = subprocess.run([binary, "--version"], capture_output=True,
                         text=True, check=True).stdout
    found = re.search(r"(\d+\.\d+\.\d+)", out)
    if not found:
        sys.exit("gen-facts.py: cannot read the version of '%s'" % binary)
    return found.group(1)


def module_tus(m, stages, per_tu, ring):
    """The facts objects of module m's TUs, as (path, facts)."""
    header = "%s/m%d/bus.h" % (ROOT, m)
    nfields = stages + 1
    channels = [{
        "capacities": [{"kind": "constant", "value": 4}],
        "kind": "field",
        "loc": region(header, 10 + k, 37, 4 + len(str(k))),
        "name": "app::m%d::Bus::ch_%d" % (m, k),
        "type": TYPE,
        "usr": field_usr(m, k),
    } for k in range(nfields)]
    # The sink: a stage that only receives from the last field.
    last = stages if not ring else None
    tus = []
    first_stage = 0
    ntus = (stages + per_tu - 1) // per_tu
    for t in range(ntus):
        path = "%s/m%d/stages_%d.cpp" % (ROOT, m, t)
        functions, operations, edges = [], [], []
        for j in range(first_stage, min(stages, first_stage + per_tu)):
            line = 10 + 12 * (j - first_stage)
            functions.append(stage_fact(m, j, path, line))
            out = (j + 1) % nfields if not (ring and j == stages - 1) else 0
            for direction, k, dl, method in (
                    ("receive", j, 3, "async_receive"),
                    ("send", out, 5, "async_send")):
                operations.append({
                    "blocking": True,
                    "channel": channel_ref(m, k),
                    "direction": direction,
                    "function": stage_usr(m, j),
                    "loc": region(path, line + dl, 22, 48),
                    "loop": True,
                    "method": method,
                    "type": TYPE})
        if t == ntus - 1:
            # run(): spawns every stage of the module (and the sink).
            line = 10 + 12 * per_tu + 4
            functions.append({
                "channelParams": [{"channel": False, "index": 0,
                                   "name": "bus", "type": "Bus &"}],
                "coroutine": False, "lambda": False,
                "loc": region(path, line, 6, 3), "name": "run",
                "qualifiedName": "app::m%d::run" % m, "usr": run_usr(m)})
            targets = list(range(stages)) + ([stages] if last else [])
            for j in targets:
                edges.append({
                    "args": [], "callee": stage_usr(m, j),
                    "calleeName": "stage_%d" % j, "caller": run_usr(m),
                    "kind": "spawn",
                    "loc": region(path, line + 2 + j, 16, 8 + len(str(j)))})
            if last:
                sline = line + 4 + len(targets)
                functions.append(stage_fact(m, last, path, sline))
                operations.append({
                    "blocking": True, "channel": channel_ref(m, last),
                    "direction": "receive", "function": stage_usr(m, last),
                    "loc": region(path, sline + 3, 22, 48), "loop": True,
                    "method": "async_receive", "type": TYPE})
        key = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"))
        facts = {
            "channels": sorted(channels, key=key),
            "edges": sorted(edges, key=key),
            "functions": sorted(functions, key=key),
            "operands": [],
            "operations": sorted(operations, key=key),
            "schemaVersion": 2,
            "summaries": [],
            "tu": path,
        }
        tus.append((path, facts))
        first_stage += per_tu
    return tus


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ops", type=int, required=True,
                    help="about this many channel operations in all")
    ap.add_argument("--out", required=True, help="facts directory to write")
    ap.add_argument("--rings", type=int, default=5,
                    help="modules whose stages form a ring (default 5)")
    ap.add_argument("--stages", type=int, default=8,
                    help="stages per module (default 8)")
    ap.add_argument("--per-tu", type=int, default=4,
                    help="stages per TU (default 4)")
    ap.add_argument("--corosafe", help="take the tool version from BIN")
    a = ap.parse_args()
    if a.ops < 1 or a.stages < 2 or a.per_tu < 1 or a.rings < 0:
        sys.exit("gen-facts.py: --ops >= 1, --stages >= 2, --per-tu >= 1, "
                 "--rings >= 0")
    per_module = 2 * a.stages + 1  # the sink's receive in non-ring modules
    modules = max(a.rings, 1, round(a.ops / per_module))
    version = tool_version(a.corosafe)
    os.makedirs(a.out, exist_ok=True)
    if any(n.endswith(".facts.json") for n in os.listdir(a.out)):
        sys.exit("gen-facts.py: '%s' already holds facts files" % a.out)
    # Every stage is a task instance: raise the channel-cycle rule's limit
    # (default 10,000) so that the whole graph is built and searched.
    options = {"corosafe-channel-cycle.MaxTaskInstances":
               str(max(10000, 2 * a.ops))}
    ops = tus = 0
    for m in range(modules):
        for path, facts in module_tus(m, a.stages, a.per_tu, m < a.rings):
            envelope = {
                "commandHash": "%016x" % (hash_path(path)),
                "config": {"headerFilter": "", "options": options,
                           "profiles": "", "rules": RULES},
                "dependencies": [],
                "facts": facts,
                "file": path,
                "findings": [],
                "message": "",
                "schema": "corosafe-tu-result",
                "schemaVersion": 1,
                "status": "ok",
                "tool": {"name": "corosafe", "version": version},
            }
            name = "m%d_stages_%s.facts.json" % (
                m, os.path.basename(path)[len("stages_"):-len(".cpp")])
            with open(os.path.join(a.out, name), "w") as f:
                json.dump(envelope, f, sort_keys=True, separators=(",", ":"))
                f.write("\n")
            ops += len(facts["operations"])
            tus += 1
    print("operations %d" % ops)
    print("tus %d" % tus)
    print("expected-cycles %d" % a.rings)


def hash_path(path):
    h = 0xcbf29ce484222325
    for b in path.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return h


if __name__ == "__main__":
    main()
