"""spawns.py LOG: the actions Bazel ran, from an --execution_log_json_file
(a stream of JSON objects, one per spawn), one progress message a line,
sorted."""
import json, sys
text = open(sys.argv[1]).read()
dec, pos, names = json.JSONDecoder(), 0, []
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos == len(text):
        break
    obj, pos = dec.raw_decode(text, pos)
    names.append(obj.get("progressMessage", obj.get("mnemonic", "?")))
for n in sorted(names):
    print(n)
