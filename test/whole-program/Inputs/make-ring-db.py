"""make-ring-db.py OUT_DIR SRC_DIR FLAGS FILE... : copies every file of SRC_DIR
to OUT_DIR/src and writes OUT_DIR/compile_commands.json with one entry per
FILE, compiled with FLAGS (one string, split on blanks)."""
import json, os, shutil, sys
out, src, flags = sys.argv[1:4]
os.makedirs(os.path.join(out, "src"), exist_ok=True)
for f in sorted(os.listdir(src)):
    shutil.copy(os.path.join(src, f), os.path.join(out, "src", f))
entries = [{"directory": out, "file": "src/" + f,
            "arguments": ["clang++"] + flags.split() + ["-c", "src/" + f, "-o", f + ".o"]}
           for f in sys.argv[4:]]
with open(os.path.join(out, "compile_commands.json"), "w") as fh:
    json.dump(entries, fh, indent=1)
