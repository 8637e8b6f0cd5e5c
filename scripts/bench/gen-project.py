#!/usr/bin/env python3
"""Writes a synthetic C++20 coroutine project of N translation units, with its
compile_commands.json, for the benchmark harness (scripts/bench/run) and the
test test/bench/gen-project.test.

Usage: gen-project.py --tus N --out DIR [--framework lite|asio]

The project is a set of modules, each a small task graph of known shape over
bounded channels, spread over one to three TUs and started by spawns. The
modules are taken in this order, round after round, until N TUs are written
(a last module that does not fit is replaced by one-TU fillers):

  ring      3 TUs  three stages that share a struct of channels, each
                   receives from the previous stage and sends to the next:
                   one cycle, across three files (channels named by field)
  pipeline  3 TUs  the same three stages with no way back (a source that
                   races two timers in a select, a relay, a sink): no cycle
  relays    2 TUs  one relay coroutine taking its channels as parameters,
                   spawned three times in another TU with channels that close
                   a ring: one cycle (tasks named by their spawn sites)
  try-ring  2 TUs  two stages that feed each other, one with a non-blocking
                   send: no cycle
  drained   2 TUs  two stages that feed each other, each racing its send
                   against a receive of its own input in a select that
                   returns every result: no cycle, no lost data
  filler    1 TU   a coroutine with no channel

So the run must report exactly one corosafe-channel-cycle warning per ring
and relays module, and nothing else. Written into DIR:

  compile_commands.json     one entry per TU (absolute directory)
  .corosafe.yaml            the framework's profile (lite) and MaxCycles
  include/...               the framework header (lite) or a small header
                            over Boost.Asio (asio)
  src/mNNNN-KIND/*.cpp      the TUs
  expected-findings.txt     the findings the run must print, sorted, one per
                            line as corosafe's text output writes them
                            (file:line:col: warning: message [rule]), paths
                            relative to DIR

and prints "tus N" and "expected-cycles K" on standard output.

--framework lite (default) uses a tiny framework of our own, taught to
corosafe by a profile: a TU parses in tens of milliseconds, which makes 1000
TUs affordable. --framework asio uses Boost.Asio's channels, co_spawn, its
awaitable operators and parallel groups (a TU takes seconds: use small N).
Output is deterministic.
"""
import argparse
import json
import os
import sys

LITE_HEADER = """\
// lite: a minimal coroutine framework written by scripts/bench/gen-project.py.
// corosafe knows it from the profile lite.yaml next to it. Declarations only:
// the project is analyzed, never linked.
#pragma once
#include <coroutine>
#include <cstddef>

namespace lite {

template <class T = void> class task {
public:
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <> class task<void> {
public:
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};

/// An event loop: one thread, the one that calls run().
class loop {
public:
  void run();
};

/// A bounded channel: send waits while `capacity` values are queued.
template <class T> class channel {
public:
  channel(loop &l, std::size_t capacity);
  task<void> send(T value);
  bool try_send(T value);
  task<T> receive();
};

task<void> sleep_for(int ms);

/// Races two operations; the loser is destroyed at its suspension point and
/// only the winner's value is returned.
template <class A, class B> task<int> first_of(task<A> a, task<B> b);

/// Races two operations and returns every result with the completion order.
struct both_results {
  int order;
  int value;
};
template <class A, class B> task<both_results> race_all(task<A> a, task<B> b);

/// Starts a task on the loop.
template <class T> void spawn(loop &l, task<T> t);

} // namespace lite
"""

LITE_PROFILE = """\
# The profile of include/lite/lite.h, written by scripts/bench/gen-project.py.
id: lite
title: lite (generated benchmark framework)
namespaces: [lite]
awaits:
  - { call: [sleep_for] }
selects:
  - { call: [first_of], cancels: losers, results: first-only, spelling: "'first_of'" }
  - { call: [race_all], cancels: losers, results: all, spelling: "'race_all'" }
channels:
  - { types: [channel], bounded: true, capacity: "ctor-arg:1", send: [send], try-send: [try_send], receive: [receive] }
spawns:
  - { call: [spawn], executor: 0, task: 1 }
executors:
  - { types: [loop], kind: counted, run: [run], describe: the lite loop }
"""

ASIO_HEADER = """\
// Boost.Asio names for the project written by scripts/bench/gen-project.py.
#pragma once
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>

namespace gp {
namespace net = boost::asio;
using error_code = boost::system::error_code;
using channel = net::experimental::channel<void(error_code, int)>;
using loop = net::io_context;
using net::use_awaitable;
template <class T = void> using task = net::awaitable<T>;
} // namespace gp
"""


class Dialect:
    """How one framework spells the operations the modules use."""

    def __init__(self, framework):
        self.framework = framework
        if framework == "lite":
            self.include = '#include "lite/lite.h"'
            self.task = "lite::task<void>"
            self.chan = "lite::channel<int>"
            self.loop = "lite::loop"
            self.ctx_param = "lite::loop &l"
            self.ctx_arg = "l"
        else:
            self.include = '#include "gp/rt.h"'
            self.task = "gp::task<void>"
            self.chan = "gp::channel"
            self.loop = "gp::loop"
            self.ctx_param = "gp::loop &l"
            self.ctx_arg = "l"

    def send(self, ch, v):
        if self.framework == "lite":
            return "co_await %s.send(%s);" % (ch, v)
        return "co_await %s.async_send(gp::error_code{}, %s, gp::use_awaitable);" % (ch, v)

    def try_send(self, ch, v):
        if self.framework == "lite":
            return "%s.try_send(%s);" % (ch, v)
        return "%s.try_send(gp::error_code{}, %s);" % (ch, v)

    def receive(self, ch):
        if self.framework == "lite":
            return "co_await %s.receive()" % ch
        return "co_await %s.async_receive(gp::use_awaitable)" % ch

    def spawn(self, call):
        if self.framework == "lite":
            return "lite::spawn(l, %s);" % call
        return "gp::net::co_spawn(l, %s, gp::net::detached);" % call

    def timers_select(self):
        """A select of two timers: it takes no data, so it loses none."""
        if self.framework == "lite":
            return ["co_await lite::first_of(lite::sleep_for(1), lite::sleep_for(2));"]
        return ["gp::net::steady_timer t1(co_await gp::net::this_coro::executor);",
                "gp::net::steady_timer t2(co_await gp::net::this_coro::executor);",
                "using namespace gp::net::experimental::awaitable_operators;",
                "co_await (t1.async_wait(gp::use_awaitable) || t2.async_wait(gp::use_awaitable));"]

    def sleep(self):
        if self.framework == "lite":
            return ["co_await lite::sleep_for(1);"]
        return ["gp::net::steady_timer t(co_await gp::net::this_coro::executor);",
                "co_await t.async_wait(gp::use_awaitable);"]

    def drained_send(self, out, inp, v):
        """A send raced against a receive of the task's own input; every
        result is handled."""
        if self.framework == "lite":
            return ["auto r = co_await lite::race_all(%s.send(%s), %s.receive());" % (out, v, inp),
                    "consume(r.value);"]
        return ["auto [order, es, er, v] = co_await gp::net::experimental::make_parallel_group(",
                "    %s.async_send(gp::error_code{}, %s, gp::net::deferred)," % (out, v),
                "    %s.async_receive(gp::net::deferred))" % inp,
                "    .async_wait(gp::net::experimental::wait_for_one(), gp::use_awaitable);",
                "if (!er)",
                "  consume(v);",
                "(void)order;",
                "(void)es;"]

    def bus_ctor(self, name, fields):
        if self.framework == "lite":
            inits = ", ".join("%s(l, 4)" % f for f in fields)
            return "  explicit %s(lite::loop &l) : %s {}" % (name, inits)
        inits = ", ".join("%s(l, 4)" % f for f in fields)
        return "  explicit %s(gp::loop &l) : %s {}" % (name, inits)


class Source:
    """A file being written, which remembers the line of marked statements."""

    def __init__(self, path):
        self.path = path
        self.lines = []
        self.marks = {}

    def add(self, text="", mark=None):
        for part in text.split("\n") if text else [""]:
            self.lines.append(part)
        if mark is not None:
            line = self.lines[-1]
            self.marks[mark] = (len(self.lines), len(line) - len(line.lstrip()) + 1)

    def col_of(self, mark, needle):
        """Line and 1-based column of `needle` on the marked line."""
        line_no, _ = self.marks[mark]
        return line_no, self.lines[line_no - 1].index(needle) + 1

    def text(self):
        return "\n".join(self.lines) + "\n"


def module_header(d, path, comment, name=None, fields=()):
    """A module's header: its comment, the framework, and (with a name) the
    struct of its channels."""
    hdr = Source(path)
    hdr.add(comment)
    hdr.add("#pragma once")
    hdr.add(d.include)
    hdr.add("")
    if name:
        hdr.add("struct %s {" % name)
        hdr.add(d.bus_ctor(name, fields))
        for f in fields:
            hdr.add("  %s %s;" % (d.chan, f))
        hdr.add("};")
        hdr.add("")
    return hdr


CYCLE_MSG = ("send to '%s' blocks in a cycle of bounded channels that deadlocks "
             "once every buffer is full: %s [corosafe-channel-cycle]")


def cycle_path(hops):
    """hops: [(task, channel), ...] in cycle order, back to the first task."""
    parts = []
    for task, chan in hops:
        parts += ["'%s'" % task, "'%s'" % chan]
    parts.append("'%s'" % hops[0][0])
    return " -> ".join(parts)


def module_ring(d, m, base):
    """Three stages in three TUs, a struct of channels: one cycle."""
    name = "Ring%04d" % m
    fields = ["c0", "c1", "c2"]
    files = []
    hdr = module_header(d, base + "/ring.h",
                        "// Module %d: a ring of three stages in three TUs." % m,
                        name, fields)
    hdr.add("int work_%04d(int v);" % m)
    for s in range(3):
        hdr.add("%s ring%04d_s%d(%s &bus);" % (d.task, m, s, name))
    files.append(hdr)
    stages = []
    for s in range(3):
        src = Source(base + "/s%d.cpp" % s)
        src.add('#include "ring.h"')
        src.add("")
        if s == 0:
            src.add("int work_%04d(int v) { return v + 1; }" % m)
            src.add("")
        src.add("%s ring%04d_s%d(%s &bus) {" % (d.task, m, s, name))
        src.add("  for (int i = 0;; ++i) {")
        if s == 0:
            src.add("    " + d.send("bus.c0", "i"), mark="send")
            src.add("    int v = %s;" % d.receive("bus.c2"))
            src.add("    work_%04d(v);" % m)
        else:
            src.add("    int v = %s;" % d.receive("bus.c%d" % (s - 1)))
            src.add("    " + d.send("bus.c%d" % s, "work_%04d(v) + i" % m), mark="send")
        src.add("  }")
        src.add("}")
        if s == 0:
            src.add("")
            src.add("void start_%04d(%s, %s &bus) {" % (m, d.ctx_param, name))
            for t in range(3):
                src.add("  " + d.spawn("ring%04d_s%d(bus)" % (m, t)))
            src.add("}")
        files.append(src)
        stages.append(src)
    s0 = stages[0]
    line, col = s0.col_of("send", "bus.c0")
    hops = [("ring%04d_s%d" % (m, s), "%s::c%d" % (name, s)) for s in range(3)]
    finding = "%s:%d:%d: warning: %s" % (s0.path, line, col,
                                          CYCLE_MSG % (hops[0][1], cycle_path(hops)))
    return files, [finding]


def module_pipeline(d, m, base):
    """Source (with a select of timers), relay, sink: no cycle."""
    name = "Pipe%04d" % m
    fields = ["c0", "c1"]
    files = []
    hdr = module_header(
        d, base + "/pipe.h",
        "// Module %d: a pipeline of three stages with no way back." % m,
        name, fields)
    hdr.add("void sink_%04d(int v);" % m)
    for s in range(3):
        hdr.add("%s pipe%04d_s%d(%s &bus);" % (d.task, m, s, name))
    files.append(hdr)
    for s in range(3):
        src = Source(base + "/s%d.cpp" % s)
        src.add('#include "pipe.h"')
        src.add("")
        src.add("%s pipe%04d_s%d(%s &bus) {" % (d.task, m, s, name))
        src.add("  for (int i = 0;; ++i) {")
        if s == 0:
            for line in d.timers_select():
                src.add("    " + line)
            src.add("    " + d.send("bus.c0", "i"))
        elif s == 1:
            src.add("    int v = %s;" % d.receive("bus.c0"))
            src.add("    " + d.send("bus.c1", "v + i"))
        else:
            src.add("    sink_%04d(%s);" % (m, d.receive("bus.c1")))
        src.add("  }")
        src.add("}")
        if s == 0:
            src.add("")
            src.add("void start_%04d(%s, %s &bus) {" % (m, d.ctx_param, name))
            for t in range(3):
                src.add("  " + d.spawn("pipe%04d_s%d(bus)" % (m, t)))
            src.add("}")
        files.append(src)
    return files, []


def module_relays(d, m, base):
    """One relay coroutine with channel parameters, spawned three times in
    another TU into a ring: one cycle."""
    files = []
    hdr = module_header(
        d, base + "/relay.h",
        "// Module %d: one relay, spawned three times into a ring." % m)
    hdr.add("%s relay_%04d(%s &in, %s &out);" % (d.task, m, d.chan, d.chan))
    files.append(hdr)
    relay = Source(base + "/relay.cpp")
    relay.add('#include "relay.h"')
    relay.add("")
    relay.add("%s relay_%04d(%s &in, %s &out) {" % (d.task, m, d.chan, d.chan))
    relay.add("  for (;;) {")
    relay.add("    int v = %s;" % d.receive("in"))
    relay.add("    " + d.send("out", "v + 1"), mark="send")
    relay.add("  }")
    relay.add("}")
    files.append(relay)
    wiring = Source(base + "/wiring.cpp")
    wiring.add('#include "relay.h"')
    wiring.add("")
    wiring.add("void start_%04d(%s) {" % (m, d.ctx_param))
    wiring.add("  static %s a(l, 4), b(l, 4), c(l, 4);" % d.chan)
    wiring.add("  " + d.spawn("relay_%04d(a, b)" % m), mark="spawn0")
    wiring.add("  " + d.spawn("relay_%04d(b, c)" % m), mark="spawn1")
    wiring.add("  " + d.spawn("relay_%04d(c, a)" % m), mark="spawn2")
    wiring.add("}")
    files.append(wiring)
    wname = os.path.basename(wiring.path)
    tasks = ["relay_%04d spawned at %s:%d" % (m, wname, wiring.marks["spawn%d" % i][0])
             for i in range(3)]
    hops = [(tasks[0], "b"), (tasks[1], "c"), (tasks[2], "a")]
    line, col = relay.col_of("send", "out.")
    finding = "%s:%d:%d: warning: %s" % (relay.path, line, col,
                                          CYCLE_MSG % (hops[0][1], cycle_path(hops)))
    return files, [finding]


def two_stage(d, m, base, kind):
    """Two stages that feed each other; one sends with try_send (try-ring),
    or both race their send against their own input (drained)."""
    name = ("Try%04d" if kind == "try" else "Drain%04d") % m
    fields = ["ab", "ba"]
    files = []
    what = ("one side never waits to send" if kind == "try"
            else "each side drains its input while it waits to send")
    hdr = module_header(
        d, base + "/pair.h",
        "// Module %d: two stages that feed each other; %s." % (m, what),
        name, fields)
    hdr.add("void consume(int v);")
    for s in range(2):
        hdr.add("%s %s_s%d(%s &bus);" % (d.task, name.lower(), s, name))
    files.append(hdr)
    for s in range(2):
        out, inp = ("bus.ab", "bus.ba") if s == 0 else ("bus.ba", "bus.ab")
        src = Source(base + "/s%d.cpp" % s)
        src.add('#include "pair.h"')
        src.add("")
        src.add("%s %s_s%d(%s &bus) {" % (d.task, name.lower(), s, name))
        src.add("  for (int i = 0;; ++i) {")
        if kind == "try":
            if s == 0:
                src.add("    " + d.try_send(out, "i"))
            else:
                src.add("    " + d.send(out, "i"))
            src.add("    consume(%s);" % d.receive(inp))
        else:
            for line in d.drained_send(out, inp, "i"):
                src.add("    " + line)
        src.add("  }")
        src.add("}")
        if s == 0:
            src.add("")
            src.add("void start_%04d(%s, %s &bus) {" % (m, d.ctx_param, name))
            for t in range(2):
                src.add("  " + d.spawn("%s_s%d(bus)" % (name.lower(), t)))
            src.add("}")
        files.append(src)
    return files, []


def module_try_ring(d, m, base):
    return two_stage(d, m, base, "try")


def module_drained(d, m, base):
    return two_stage(d, m, base, "drain")


def module_filler(d, m, base):
    src = Source(base + "/idle.cpp")
    src.add(d.include)
    src.add("")
    src.add("%s idle_%04d() {" % (d.task, m))
    src.add("  for (int i = 0; i < 3; ++i) {")
    for line in d.sleep():
        src.add("    " + line)
    src.add("  }")
    src.add("}")
    return [src], []


MODULES = [("ring", 3, module_ring), ("pipeline", 3, module_pipeline),
           ("relays", 2, module_relays), ("try-ring", 2, module_try_ring),
           ("drained", 2, module_drained), ("filler", 1, module_filler)]


def main():
    ap = argparse.ArgumentParser(
        description="Write a synthetic coroutine project of N TUs with known "
        "channel cycles and its compile_commands.json (see the module "
        "docstring for its shape).")
    ap.add_argument("--tus", type=int, required=True, help="number of TUs (>= 1)")
    ap.add_argument("--out", required=True, help="directory to write (created)")
    ap.add_argument("--framework", choices=["lite", "asio"], default="lite",
                    help="lite: a small framework and its profile (fast); "
                    "asio: Boost.Asio (slow to parse)")
    args = ap.parse_args()
    if args.tus < 1:
        ap.error("--tus must be at least 1")
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out):
        sys.exit("gen-project.py: '%s' exists and is not empty" % args.out)
    d = Dialect(args.framework)

    files, findings, tus = [], [], []
    m = 0
    while len(tus) < args.tus:
        kind, size, make = MODULES[m % len(MODULES)]
        if size > args.tus - len(tus):
            kind, size, make = MODULES[-1]
        base = "src/m%04d-%s" % (m, kind)
        mfiles, mfindings = make(d, m, base)
        files += mfiles
        findings += mfindings
        tus += [f.path for f in mfiles if f.path.endswith(".cpp")]
        m += 1

    def write(rel, text):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)

    for f in files:
        write(f.path, f.text())
    if args.framework == "lite":
        write("include/lite/lite.h", LITE_HEADER)
        write("include/lite/lite.yaml", LITE_PROFILE)
        profiles = "Profiles: [include/lite/lite.yaml]\n"
    else:
        write("include/gp/rt.h", ASIO_HEADER)
        profiles = ""
    write(".corosafe.yaml",
          "# Written by scripts/bench/gen-project.py.\n" + profiles +
          "CheckOptions: { corosafe-channel-cycle.MaxCycles: 100000 }\n")
    entries = [{"directory": out, "file": tu,
                "arguments": ["clang++", "-std=c++20", "-Iinclude", "-c", tu,
                              "-o", tu[:-4] + ".o"]} for tu in tus]
    write("compile_commands.json", json.dumps(entries, indent=1) + "\n")
    write("expected-findings.txt", "".join(line + "\n" for line in sorted(findings)))
    print("tus %d" % len(tus))
    print("expected-cycles %d" % len(findings))


if __name__ == "__main__":
    main()
