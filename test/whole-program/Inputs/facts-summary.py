#!/usr/bin/env python3
"""facts-summary.py FACTS.json: the functions and edges of a facts file,
one a line by name ("function NAME", "edge KIND CALLER -> CALLEE"), the
number of operations, then the cancel-select summaries ("summary NAME
returns TAKEN", TAKEN empty when it returns none)
(test/whole-program/facts-scope.test, cancel-across-tus.test). The facts
are schema 3 (docs/facts.md): rows of integers and a string table."""
import json
import sys

EDGE_KINDS = ["await", "call", "operand", "spawn"]

facts = json.load(open(sys.argv[1]))["facts"]
if facts is None:  # a TU that failed
    sys.exit(0)
strings = []
for entry in facts["strings"]:
    if isinstance(entry, list):  # [k, n, rest]: a prefix of string k
        entry = strings[entry[0]][:entry[1]] + entry[2]
    strings.append(entry)
# function: [usr, name, qualifiedName, ...]
names = {strings[f[0]]: strings[f[1]] for f in facts["functions"]}
for name in sorted(names.values()):
    print("function " + name)
edges = []
# edge: [kind, caller, callee, calleeName, ...]
for e in facts["edges"]:
    caller = strings[e[1]]
    edges.append("edge %s %s -> %s" % (EDGE_KINDS[e[0]],
                                       names.get(caller, caller),
                                       strings[e[3]]))
for line in sorted(edges):
    print(line)
print("operations %d" % len(facts["operations"]))
# summary: [function, name, returnsTaken, held]
for line in sorted("summary %s returns %s" % (strings[x[1]], strings[x[2]])
                   for x in facts["summaries"]):
    print(line)
