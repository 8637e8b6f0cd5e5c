"""make-30-tasks.py OUT_DIR: writes a program of 30 tasks over four files
(OUT_DIR/src/{bus.h,ingest.cpp,process.cpp,emit.cpp}) and its
compile_commands.json: five pipelines of five stages, one of them closed into
a ring by a feedback channel, plus five monitor tasks that only read."""
import json, os, sys
out = sys.argv[1]
inc = sys.argv[2]
src = os.path.join(out, "src")
os.makedirs(src, exist_ok=True)
P, S = 5, 5
bus = ["#pragma once", '#include "asio-compat.h"', "struct Bus {",
       "  explicit Bus(const net::any_io_executor &ex)"]
fields = ["p%d_s%d" % (p, s) for p in range(P) for s in range(S)]
fields += ["feedback", "stats"]
bus.append("      : " + ", ".join("%s(ex, %d)" % (f, 1 + i % 4) for i, f in enumerate(fields)) + " {}")
bus += ["  IntChannel %s;" % f for f in fields]
bus += ["};", "int work(int);"]
decls, files = [], {"ingest.cpp": [], "process.cpp": [], "emit.cpp": []}
def stage(p, s):
    name = "pipe%d_stage%d" % (p, s)
    decls.append("awaitable<void> %s(Bus &bus);" % name)
    body = ["awaitable<void> %s(Bus &bus) {" % name, "  for (int i = 0;; ++i) {"]
    if s > 0:
        body.append("    i = co_await bus.p%d_s%d.async_receive(use_awaitable);" % (p, s - 1))
    elif p == 0:
        body.append("    i = co_await bus.feedback.async_receive(use_awaitable);")
    if s < S - 1:
        body.append("    co_await bus.p%d_s%d.async_send(error_code{}, work(i), use_awaitable);" % (p, s))
    elif p == 0:
        body.append("    co_await bus.feedback.async_send(error_code{}, work(i), use_awaitable);")
    else:
        body.append("    bus.stats.try_send(error_code{}, work(i));")
    body += ["  }", "}", ""]
    f = "ingest.cpp" if s < 2 else "process.cpp" if s < 4 else "emit.cpp"
    files[f] += body
    return name
names = [stage(p, s) for p in range(P) for s in range(S)]
for m in range(5):
    name = "monitor%d" % m
    decls.append("awaitable<void> %s(Bus &bus);" % name)
    files["emit.cpp"] += ["awaitable<void> %s(Bus &bus) {" % name, "  for (;;)",
                          "    work(co_await bus.stats.async_receive(use_awaitable));", "}", ""]
    names.append(name)
bus += decls
open(os.path.join(src, "bus.h"), "w").write("\n".join(bus) + "\n")
files["ingest.cpp"] += ["int main() {", "  net::io_context io;", "  Bus bus(io.get_executor());"]
files["ingest.cpp"] += ["  net::co_spawn(io, %s(bus), net::detached);" % n for n in names]
files["ingest.cpp"] += ["  io.run();", "}"]
for f, lines in files.items():
    open(os.path.join(src, f), "w").write('#include "bus.h"\n' + "\n".join(lines) + "\n")
entries = [{"directory": out, "file": "src/" + f,
            "arguments": ["clang++", "-std=c++20", "-I" + inc, "-c", "src/" + f, "-o", f + ".o"]}
           for f in sorted(files)]
json.dump(entries, open(os.path.join(out, "compile_commands.json"), "w"), indent=1)
