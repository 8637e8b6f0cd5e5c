"""make-tree.py OUT ASIO_INCLUDE_DIR: writes a small source tree and its
OUT/compile_commands.json for the driver tests (34 entries):

  src/core/unit_00..13.cpp  include include/common.h; unit_00..09 also
                            include include/util.h
  src/net/conn_00..13.cpp   include include/common.h
  src/net/lossy_a.cpp, lossy_b.cpp
                            asio code with a cancel-select finding each
  src/bad/broken.cpp        does not compile
  src/bad/crash_me.cpp      clean (COROSAFE_TEST_CRASH_ON=crash_me.cpp)
  src/bad/hang_me.cpp       clean (COROSAFE_TEST_HANG_ON=hang_me.cpp)
  src/bad/missing.cpp       in the database, not on disk
"""
import json, os, sys

out, asio_inc = sys.argv[1:3]
files = {}
files["include/common.h"] = "#pragma once\ninline int twice(int x) { return 2 * x; }\n"
files["include/util.h"] = "#pragma once\ninline int utilValue() { return 1; }\n"
for i in range(14):
    body = '#include "common.h"\n'
    if i < 10:
        body += '#include "util.h"\n'
        body += "int unit%02d() { return twice(utilValue()) + %d; }\n" % (i, i)
    else:
        body += "int unit%02d() { return twice(%d); }\n" % (i, i)
    files["src/core/unit_%02d.cpp" % i] = body
    files["src/net/conn_%02d.cpp" % i] = (
        '#include "common.h"\nint conn%02d(int x) { return twice(x) - %d; }\n' % (i, i))
lossy = """#include "asio-compat.h"

awaitable<void> run_%s(IntChannel &a, net::steady_timer &t) {
  co_await (a.async_receive(use_awaitable) || t.async_wait(use_awaitable));
}
"""
files["src/net/lossy_a.cpp"] = lossy % "a"
files["src/net/lossy_b.cpp"] = lossy % "b"
files["src/bad/broken.cpp"] = "int broken() { return undeclared_name; }\n"
files["src/bad/crash_me.cpp"] = "int crashMe() { return 0; }\n"
files["src/bad/hang_me.cpp"] = "int hangMe() { return 0; }\n"

for name, text in files.items():
    path = os.path.join(out, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text)

entries = []
for name in sorted(n for n in files if n.endswith(".cpp")) + ["src/bad/missing.cpp"]:
    cmd = "clang++ -std=c++20 -Iinclude -c %s -o %s.o" % (name, name)
    if "lossy" in name:
        cmd = "clang++ -std=c++20 -Iinclude -I%s -c %s -o %s.o" % (asio_inc, name, name)
    entries.append({"directory": out, "file": name, "command": cmd})
with open(os.path.join(out, "compile_commands.json"), "w") as fh:
    json.dump(entries, fh, indent=1)
