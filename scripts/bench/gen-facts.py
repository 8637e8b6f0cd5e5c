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
`<tu>.facts.json` facts files as `--facts-dir` writes them (facts schema 3:
the facts object is byte-identical to what corosafe writes for the same
facts), without a manifest, so `corosafe merge DIR` reads them all.

The envelope of each file (tool version, configuration) is taken from
BIN --version when given, else from the defaults below; output is
deterministic. Prints `operations N`, `tus T` and `expected-cycles K`.
"""
import argparse
import bisect
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


# Schema 3 (docs/facts.md): every string once in "strings", each fact a row
# of integers. The facts above are built as objects keyed as the typed facts
# (FactsSchema.h) and written as rows here.
REF_KINDS = ["field", "global", "local", "param", "unknown"]
CHANNEL_KINDS = ["field", "global", "local"]
CAPACITY_KINDS = ["constant", "unbounded", "unknown"]
DIRECTIONS = ["receive", "send"]
EDGE_KINDS = ["await", "call", "operand", "spawn"]


def entry(text, index, ordered):
    """The string table entry of new string `text`: [k, n, suffix] when it
    shares an ASCII prefix of 8 bytes or more with earlier string k, else
    the string itself. As corosafe writes it: the longest prefix shared with
    one of the text's two neighbours among the earlier strings in byte
    order (the earlier string of the two on a tie). `ordered` holds the
    earlier strings sorted; `text` is added to it. A path (it starts with
    '/') is written whole and lends no prefix."""
    if text.startswith("/"):
        return text
    best, source = 0, 0
    at = bisect.bisect_left(ordered, text)
    for other in ordered[at:at + 1] + ordered[max(at - 1, 0):at]:
        n = 0
        while (n < len(text) and n < len(other) and text[n] == other[n]
               and ord(text[n]) < 0x80):
            n += 1
        k = index[other]
        if n > best or (n == best and n and k < source):
            best, source = n, k
    ordered.insert(at, text)
    if best < 8:
        return text
    return [source, best, text[best:]]


def rows(tu, functions, channels, operations, edges):
    """The facts object of a TU: its string table, in the order of first
    use, and the rows (the generator makes no selects, channel arguments,
    summaries or operands)."""
    table, index, ordered = [], {}, []

    def s(text):
        if text not in index:
            table.append(entry(text, index, ordered))
            index[text] = len(table) - 1
        return index[text]

    def loc(r):
        return [s(r["file"]), r["line"], r["column"], r["endLine"],
                r["endColumn"]]

    def ref(r):
        assert r["kind"] in ("field", "global", "local")
        return [REF_KINDS.index(r["kind"]), s(r["usr"]), s(r["name"])]

    def typ(t):
        return [s(t["name"]), s(t["origin"]), int(t["bounded"])]

    def cap(c):
        assert c["kind"] == "constant"
        return [CAPACITY_KINDS.index(c["kind"]), c["value"]]

    fn = [[s(f["usr"]), s(f["name"]), s(f["qualifiedName"]),
           int(f["coroutine"]), int(f["lambda"]),
           [[p["index"], s(p["name"]), s(p["type"]), int(p["channel"])]
            for p in f["channelParams"]]] + loc(f["loc"])
          for f in functions]
    ch = [[CHANNEL_KINDS.index(c["kind"]), s(c["usr"]), s(c["name"])]
          + typ(c["type"]) + [[cap(x) for x in c["capacities"]]]
          + loc(c["loc"]) for c in channels]
    op = [[s(o["function"]), ref(o["channel"])] + typ(o["type"])
          + [DIRECTIONS.index(o["direction"]), int(o["blocking"]),
             int(o["loop"]), s(o["method"]), []] + loc(o["loc"])
          for o in operations]
    ed = [[EDGE_KINDS.index(e["kind"]), s(e["caller"]), s(e["callee"]),
           s(e["calleeName"]), []] + loc(e["loc"])
          for e in edges]
    for e in edges:
        assert not e["args"]
    return {"schemaVersion": 3, "tu": tu, "strings": table,
            "functions": fn, "channels": ch, "operations": op,
            "edges": ed, "summaries": [], "operands": []}


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
        # The facts order (compareFacts): that of these objects' sorted
        # JSON, for the few shapes made here.
        key = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"))
        facts = rows(path, sorted(functions, key=key),
                     sorted(channels, key=key), sorted(operations, key=key),
                     sorted(edges, key=key))
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
            # Keys in byte order, except the facts object's: in the order
            # corosafe writes them.
            envelope = {k: envelope[k] for k in sorted(envelope)}
            envelope["config"] = {k: envelope["config"][k]
                                  for k in sorted(envelope["config"])}
            with open(os.path.join(a.out, name), "w") as f:
                json.dump(envelope, f, separators=(",", ":"))
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
