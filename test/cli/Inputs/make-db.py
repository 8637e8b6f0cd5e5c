"""make-db.py OUT_DIR SRC_DIR INCLUDE_DIR FILE... : writes OUT_DIR/compile_commands.json
with one entry per FILE (copied to OUT_DIR/src), compiled with -std=c++20.
A FILE named missing*.cpp gets an entry but no file."""
import json, os, shutil, sys
out, src, inc = sys.argv[1:4]
os.makedirs(os.path.join(out, "src"), exist_ok=True)
entries = []
for f in sys.argv[4:]:
    dst = os.path.join(out, "src", f)
    if not f.startswith("missing"):
        shutil.copy(os.path.join(src, f), dst)
    entries.append({"directory": out, "file": "src/" + f,
                    "command": "clang++ -std=c++20 -I%s -c src/%s -o %s.o" % (inc, f, f)})
with open(os.path.join(out, "compile_commands.json"), "w") as fh:
    json.dump(entries, fh, indent=1)
