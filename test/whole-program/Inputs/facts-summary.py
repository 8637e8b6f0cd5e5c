#!/usr/bin/env python3
"""facts-summary.py FACTS.json: the functions and edges of a facts file,
one a line by name ("function NAME", "edge KIND CALLER -> CALLEE"), then
the number of operations (test/whole-program/facts-scope.test)."""
import json
import sys

facts = json.load(open(sys.argv[1]))["facts"]
names = {f["usr"]: f["name"] for f in facts["functions"]}
for name in sorted(names.values()):
    print("function " + name)
edges = []
for e in facts["edges"]:
    edges.append("edge %s %s -> %s" % (e["kind"], names.get(e["caller"], e["caller"]), e["calleeName"]))
for line in sorted(edges):
    print(line)
print("operations %d" % len(facts["operations"]))
