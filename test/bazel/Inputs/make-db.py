"""make-db.py WS OUT_DIR: writes OUT_DIR/compile_commands.json for the four
sources of the test workspace WS, with the flags Bazel gives them (the include
directories, the define of //bus), for the `corosafe -p` run aspect.test
compares the Bazel result with."""
import json, os, sys
ws, out = sys.argv[1:3]
flags = ["clang++", "-std=c++20", "-iquote", ".", "-Ibus/include",
         "-DRING_CAPACITY=4"]
sources = ["app/stage_a.cpp", "stages/stage_b.cpp", "stages/stage_c.cpp",
           "stages/work.cpp"]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "compile_commands.json"), "w") as fh:
    json.dump([{"directory": ws, "file": f,
                "arguments": flags + ["-c", f, "-o", f + ".o"]}
               for f in sources], fh, indent=1)
