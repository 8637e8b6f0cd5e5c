"""A small LSP client for the protocol tests of `corosafe lsp`.

    lsp_client.py SCENARIO WORKDIR [ARGS...]

runs one scenario (a function below) against `$COROSAFE_BIN lsp`, started in
WORKDIR with its stderr in WORKDIR/server.log, and prints a transcript for
FileCheck: every response, error and diagnostic the scenario looks at, one
line each, with paths relative to WORKDIR. A scenario that waits for a
message that never comes fails with "TIMEOUT waiting for ..." (exit 1).
"""
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time

BIN = os.environ.get("COROSAFE_BIN", "corosafe")
WAIT = float(os.environ.get("COROSAFE_LSP_TEST_WAIT", "180"))


def uri(path):
    return "file://" + os.path.abspath(path)


class Timeout(Exception):
    pass


class Client:
    def __init__(self, workdir, args=(), env=None, capabilities=None,
                 init_options=None, start=True):
        self.workdir = os.path.abspath(workdir)
        e = dict(os.environ)
        e.update(env or {})
        self.log = open(os.path.join(self.workdir, "server.log"), "ab")
        self.proc = subprocess.Popen([BIN, "lsp"] + list(args), cwd=self.workdir,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, env=e)
        self.inbox = queue.Queue()
        self.seen = []  # every message received, in order
        self.backlog = []  # received, not yet matched by a wait
        self.next_id = 0
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()
        if start:
            self.initialize(capabilities or {}, init_options)

    # --- framing ---
    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").rstrip("\r\n")
                if not line:
                    break
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            n = int(headers["content-length"])
            body = out.read(n)
            self.inbox.put(json.loads(body))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    # --- receiving ---
    def _take(self, deadline):
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise Timeout()
            try:
                m = self.inbox.get(timeout=left)
            except queue.Empty:
                raise Timeout()
            if m is None:
                self.closed = True
                raise Timeout()
            self.seen.append(m)
            # Requests from the server are answered at once.
            if "method" in m and "id" in m:
                if m["method"] == "window/showDocument":
                    self.send({"jsonrpc": "2.0", "id": m["id"], "result": {"success": True}})
                else:
                    self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            return m

    def wait(self, pred, what, timeout=WAIT):
        deadline = time.time() + timeout
        # Messages already received but not yet looked at come first.
        for m in self.pending():
            if pred(m):
                self.backlog.remove(m)
                return m
        while True:
            try:
                m = self._take(deadline)
            except Timeout:
                print("TIMEOUT waiting for " + what)
                sys.stdout.flush()
                self.kill()
                sys.exit(1)
            if pred(m):
                return m
            self.backlog.append(m)

    def pending(self):
        return list(self.backlog)

    def response(self, rid, timeout=WAIT):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m,
                         "the response to request %s" % rid, timeout)

    def call(self, method, params=None):
        return self.response(self.request(method, params))

    def diagnostics(self, path, pred=lambda d: True, what=""):
        u = uri(os.path.join(self.workdir, path))
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == u and pred(m["params"]["diagnostics"]),
                      "diagnostics of " + path + (" " + what if what else ""))
        return m["params"]["diagnostics"]

    def quiet(self, seconds):
        """Messages received within SECONDS (all of them are kept)."""
        deadline = time.time() + seconds
        got = []
        while True:
            try:
                m = self._take(deadline)
            except Timeout:
                return got
            got.append(m)
            self.backlog.append(m)

    # --- lifecycle ---
    def initialize(self, capabilities, init_options=None):
        params = {"processId": os.getpid(), "rootUri": uri(self.workdir),
                  "capabilities": capabilities}
        if init_options is not None:
            params["initializationOptions"] = init_options
        r = self.call("initialize", params)
        self.notify("initialized", {})
        return r

    def open(self, path, text=None):
        full = os.path.join(self.workdir, path)
        if text is None:
            with open(full) as f:
                text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(full), "languageId": "cpp", "version": 1, "text": text}})

    def save(self, path):
        # Diagnostics published before the save are stale from now on.
        self.backlog = [m for m in self.backlog if m.get("method") != "textDocument/publishDiagnostics"]
        self.notify("textDocument/didSave", {"textDocument": {"uri": uri(os.path.join(self.workdir, path))}})

    def finish(self):
        r = self.call("shutdown")
        show("shutdown", r)
        self.notify("exit")
        code = self.proc.wait(timeout=WAIT)
        print("exit code %d" % code)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def rel(workdir, u):
    p = u[len("file://"):] if u.startswith("file://") else u
    return os.path.relpath(p, os.path.realpath(workdir)) if p.startswith("/") else p


def show(label, msg):
    if "error" in msg:
        print("%s: error %d %s" % (label, msg["error"]["code"], msg["error"]["message"]))
    else:
        print("%s: result %s" % (label, json.dumps(msg.get("result"), sort_keys=True)))


def rng(r):
    return "%d:%d-%d:%d" % (r["start"]["line"], r["start"]["character"],
                            r["end"]["line"], r["end"]["character"])


SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def show_diags(workdir, path, diags):
    print("diagnostics %s: %d" % (path, len(diags)))
    for d in diags:
        print("  %s %s %s [%s] source=%s" % (rng(d["range"]), SEVERITY[d["severity"]],
                                             d["message"].split("\n")[0], d.get("code"),
                                             d.get("source")))
        for line in d["message"].split("\n")[1:]:
            print("    | " + line)
        if "codeDescription" in d:
            print("    href " + d["codeDescription"]["href"])
        for r in d.get("relatedInformation", []):
            print("    related %s:%s %s" % (rel(workdir, r["location"]["uri"]),
                                            rng(r["location"]["range"]), r["message"]))


def make_db(out, src_dir, names, flags):
    """OUT/src/NAME copied from SRC_DIR, OUT/build/compile_commands.json."""
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    os.makedirs(os.path.join(out, "build"), exist_ok=True)
    entries = []
    for n in names:
        if os.path.exists(os.path.join(src_dir, n)):
            shutil.copy(os.path.join(src_dir, n), os.path.join(out, "src", n))
        entries.append({"directory": os.path.join(out, "build"),
                        "file": os.path.join(out, "src", n),
                        "arguments": ["clang++"] + flags.split() + ["-c", "../src/" + n]})
    with open(os.path.join(out, "build", "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)


# --- scenarios ---------------------------------------------------------------

def scenario_protocol(workdir, args):
    """Framing and every error path; the server never dies."""
    c = Client(workdir, start=False)
    show("before initialize", c.call("textDocument/codeAction", {}))
    r = c.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    caps = r["result"]["capabilities"]
    print("server %s, sync %s, codeAction %s, commands %s" % (
        r["result"]["serverInfo"]["name"], json.dumps(caps["textDocumentSync"], sort_keys=True),
        json.dumps(caps["codeActionProvider"]), caps["executeCommandProvider"]["commands"]))
    c.notify("initialized", {})
    show("initialize again", c.call("initialize", {"capabilities": {}}))
    show("unknown method", c.call("textDocument/hover", {"textDocument": {"uri": "file:///x"},
                                                          "position": {"line": 0, "character": 0}}))
    # Not JSON.
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json")
    show("bad json", c.wait(lambda m: "error" in m, "a parse error"))
    # No Content-Length; then a bad one.
    c.send_raw(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
    show("no content-length", c.wait(lambda m: "error" in m, "a parse error"))
    c.send_raw(b"Content-Length: twelve\r\n\r\n")
    show("bad content-length", c.wait(lambda m: "error" in m, "a parse error"))
    c.send_raw(b"garbage without colon\r\n\r\n")
    show("bad header line", c.wait(lambda m: "error" in m, "a parse error"))
    # JSON, but not a request.
    for label, body in [("batch", b"[]"), ("no jsonrpc", b'{"id": 50, "method": "shutdown"}'),
                        ("no method", b'{"jsonrpc": "2.0", "id": 51}'),
                        ("method not a string", b'{"jsonrpc": "2.0", "id": 52, "method": 7}'),
                        ("bad id", b'{"jsonrpc": "2.0", "id": {"a": 1}, "method": "x"}'),
                        ("bad params", b'{"jsonrpc": "2.0", "id": 53, "method": "textDocument/codeAction", "params": 3}'),
                        ("not utf-8", b'{"jsonrpc": "2.0", "id": 54, "method": "\xff"}')]:
        c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        show(label, c.wait(lambda m: "error" in m, label))
    # Missing fields of a known request: InvalidParams.
    show("code action without range", c.call("textDocument/codeAction",
                                             {"textDocument": {"uri": "file:///x.cpp"}}))
    show("unknown command", c.call("workspace/executeCommand", {"command": "nope", "arguments": []}))
    # Bad notifications are logged, not answered, and the server goes on.
    c.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
    c.notify("textDocument/didChange", {})
    c.notify("workspace/didChangeConfiguration", {"settings": {"corosafe": {"checks": 5}}})
    c.notify("some/unknownNotification", {})
    # Two messages in one write, then one message a byte at a time.
    a = json.dumps({"jsonrpc": "2.0", "id": 60, "method": "foo/a"}).encode()
    b = json.dumps({"jsonrpc": "2.0", "id": 61, "method": "foo/b"}).encode()
    c.send_raw(b"Content-Length: %d\r\n\r\n%s\r\nContent-Length: %d\r\n\r\n%s" % (len(a), a, len(b), b))
    show("first of two", c.response(60))
    show("second of two", c.response(61))
    d = json.dumps({"jsonrpc": "2.0", "id": 62, "method": "foo/c"}).encode()
    for byte in b"Content-Length: %d\r\n\r\n%s" % (len(d), d):
        c.send_raw(bytes([byte]))
    show("byte by byte", c.response(62))
    # A bare LF header terminator is accepted too.
    e = json.dumps({"jsonrpc": "2.0", "id": 63, "method": "foo/d"}).encode()
    c.send_raw(b"Content-Length: %d\n\n%s" % (len(e), e))
    show("lf only", c.response(63))
    show("shutdown", c.call("shutdown"))
    show("after shutdown", c.call("textDocument/codeAction", {}))
    show("shutdown again", c.call("shutdown"))
    c.notify("exit")
    print("exit code %d" % c.proc.wait(timeout=WAIT))
    for m in c.backlog:
        if m.get("method") == "window/showMessage":
            print("showMessage %d %s" % (m["params"]["type"], m["params"]["message"]))


def scenario_exit_without_shutdown(workdir, args):
    c = Client(workdir)
    c.notify("exit")
    print("exit code %d" % c.proc.wait(timeout=WAIT))
    c = Client(workdir)
    c.proc.stdin.close()
    print("eof exit code %d" % c.proc.wait(timeout=WAIT))


def scenario_diagnostics(workdir, args):
    """Opens each FILE (relative to WORKDIR) and prints its diagnostics.
    With --wait-project (not passed to the server), the client shows
    work-done progress and waits for the end of the project-wide analysis
    before it shuts the server down (which would cancel it)."""
    wait_project = "--wait-project" in args
    args = [a for a in args if a != "--wait-project"]
    caps = {"window": {"workDoneProgress": True}} if wait_project else {}
    c = Client(workdir, args=[a for a in args if a.startswith("-")], capabilities=caps)
    for f in [a for a in args if not a.startswith("-")]:
        c.open(f)
        show_diags(workdir, f, c.diagnostics(f))
    if wait_project:
        c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end",
               "the end of the project-wide analysis")
    c.finish()


def scenario_code_actions(workdir, args):
    """Opens FILE, asks for the code actions of its first diagnostic, applies
    the quick fix, saves, and shows the diagnostics again."""
    f = args[0]
    caps = {"window": {"showDocument": {"support": True}}} if "--show-document" in args else {}
    c = Client(workdir, capabilities=caps)
    c.open(f)
    diags = c.diagnostics(f)
    show_diags(workdir, f, diags)
    d = diags[0]
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri(os.path.join(workdir, f))},
                                           "range": d["range"], "context": {"diagnostics": [d]}})
    actions = r["result"]
    for a in actions:
        print("action %r kind=%s" % (a["title"], a.get("kind")))
        for u, edits in sorted(a.get("edit", {}).get("changes", {}).items()):
            for e in edits:
                print("  edit %s %s %r" % (rel(workdir, u), rng(e["range"]), e["newText"]))
        if "command" in a:
            print("  command %s %s" % (a["command"]["command"], a["command"]["arguments"]))
    # Without context diagnostics: those overlapping the range.
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri(os.path.join(workdir, f))},
                                           "range": d["range"], "context": {"diagnostics": []}})
    print("actions by range: %d" % len(r["result"]))
    # Elsewhere: none.
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri(os.path.join(workdir, f))},
                                           "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                           "context": {"diagnostics": []}})
    print("actions on line 0: %d" % len(r["result"]))
    # A position that is not an integer (a float too large for any integer
    # type) is bad parameters, not a crash.
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri(os.path.join(workdir, f))},
                                           "range": {"start": {"line": 1e300, "character": 0}, "end": {"line": 1e300, "character": 0.5}},
                                           "context": {"diagnostics": []}})
    print("float position: error %s %s" % (r["error"]["code"], r["error"]["message"]))
    # Open the docs.
    cmd = [a for a in actions if "command" in a][0]["command"]
    show("executeCommand", c.call("workspace/executeCommand", {"command": cmd["command"], "arguments": cmd["arguments"]}))
    m = c.wait(lambda m: m.get("method") in ("window/showDocument", "window/showMessage"), "the docs")
    print("%s %s" % (m["method"], json.dumps(m["params"], sort_keys=True)))
    # Apply the quick fix, save: the finding is suppressed.
    fix = [a for a in actions if a.get("kind") == "quickfix"][0]
    for u, edits in fix["edit"]["changes"].items():
        path = u[len("file://"):]
        lines = open(path).read().split("\n")
        for e in sorted(edits, key=lambda e: -e["range"]["start"]["line"]):
            ln = e["range"]["start"]["line"]
            lines[ln] = e["newText"] + lines[ln]
        open(path, "w").write("\n".join(lines))
        target = rel(workdir, u)
        if target != f:
            c.open(target)
            c.diagnostics(target)
        c.save(target)
    show_diags(workdir, f, c.diagnostics(f, lambda ds: len(ds) < len(diags), "after the fix"))
    c.finish()


def scenario_cancel(workdir, args):
    """FILE hangs its worker (it contains the hook's marker); the file is
    rewritten without it and saved: the hanging run is killed, the new one
    (with -j 1 it could not even start otherwise) publishes."""
    f, replacement = args[0], args[1]
    c = Client(workdir, args=["-j", "1", "-v"], env={"COROSAFE_TEST_HANG_IF_CONTAINS": "HANG-HERE"})
    c.open(f)
    # Wait until the worker runs.
    log = os.path.join(workdir, "server.log")
    deadline = time.time() + WAIT
    while "analyzing " not in open(log).read():
        if time.time() > deadline:
            print("TIMEOUT waiting for the first worker")
            sys.exit(1)
        time.sleep(0.1)
    pid = int(open(log).read().split("(worker ")[1].split(")")[0])
    time.sleep(1)
    got = [m for m in c.quiet(0.5) if m.get("method") == "textDocument/publishDiagnostics"]
    print("diagnostics while the first run hangs: %d" % len(got))
    shutil.copy(replacement, os.path.join(workdir, f))
    c.save(f)
    show_diags(workdir, f, c.diagnostics(f))
    try:
        os.kill(pid, 0)
        state = open("/proc/%d/stat" % pid).read().split()[2]
        print("first worker still there (state %s)" % state)
    except (OSError, IOError):
        print("first worker gone")
    c.finish()


def scenario_failures(workdir, args):
    """Each FILE's diagnostics, with the crash/hang hooks of the environment."""
    c = Client(workdir, args=[a for a in args if a.startswith("-")])
    for f in [a for a in args if not a.startswith("-")]:
        c.open(f)
        show_diags(workdir, f, c.diagnostics(f))
    c.finish()


def scenario_fix_and_save(workdir, args):
    """FILE's diagnostics; FILE is overwritten with REPLACEMENT and saved:
    its diagnostics again."""
    f, replacement = args[0], args[1]
    c = Client(workdir)
    c.open(f)
    show_diags(workdir, f, c.diagnostics(f))
    shutil.copy(replacement, os.path.join(workdir, f))
    c.save(f)
    show_diags(workdir, f, c.diagnostics(f))
    c.finish()


def scenario_whole_program(workdir, args):
    """A ring over three TUs: open only stage_b.cpp; the cycle shows in it
    once the project is analyzed (progress reported); stage_c.cpp is made
    non-blocking and saved: the cycle goes away in stage_b.cpp."""
    progress = "--progress" in args
    caps = {"window": {"workDoneProgress": True}} if progress else {}
    c = Client(workdir, args=["-v"], capabilities=caps)
    c.open("src/stage_b.cpp")
    diags = c.diagnostics("src/stage_b.cpp", lambda ds: any(d["code"] == "corosafe-channel-cycle" for d in ds),
                          "with the cycle")
    show_diags(workdir, "src/stage_b.cpp", diags)
    events = [m for m in c.seen if m.get("method") in ("window/workDoneProgress/create", "$/progress")]
    kinds = [m["params"]["value"]["kind"] if m["method"] == "$/progress" else "create" for m in events]
    if progress:
        c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end", "progress end")
        events = [m for m in c.seen if m.get("method") in ("window/workDoneProgress/create", "$/progress")]
        kinds = [m["params"]["value"]["kind"] if m["method"] == "$/progress" else "create" for m in events]
        for m in events:
            if m["method"] == "$/progress" and m["params"]["value"]["kind"] in ("begin", "end"):
                print("progress %s %s" % (m["params"]["value"]["kind"], m["params"]["value"].get("message")))
    print("progress events: %s" % " ".join(k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]))
    # The quick fix of the cycle shown in stage_b.cpp goes where the finding
    # is reported (stage_a.cpp).
    cycle = [d for d in diags if d["code"] == "corosafe-channel-cycle"][0]
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri(os.path.join(workdir, "src/stage_b.cpp"))},
                                           "range": cycle["range"], "context": {"diagnostics": [cycle]}})
    for a in r["result"]:
        for u, edits in sorted(a.get("edit", {}).get("changes", {}).items()):
            for e in edits:
                print("action %r: edit %s %s %r" % (a["title"], rel(workdir, u), rng(e["range"]), e["newText"]))
    c.open("src/stage_c.cpp")
    show_diags(workdir, "src/stage_c.cpp", c.diagnostics("src/stage_c.cpp"))
    shutil.copy(os.path.join(workdir, "src/stage_c_try.cpp"), os.path.join(workdir, "src/stage_c.cpp"))
    c.save("src/stage_c.cpp")
    show_diags(workdir, "src/stage_b.cpp",
               c.diagnostics("src/stage_b.cpp", lambda ds: not any(d["code"] == "corosafe-channel-cycle" for d in ds),
                             "without the cycle"))
    c.finish()


def scenario_config(workdir, args):
    """FILE with the server's arguments, then after each settings change."""
    f = args[0]
    c = Client(workdir, args=args[1:])
    c.open(f)
    show_diags(workdir, f, c.diagnostics(f))
    c.notify("workspace/didChangeConfiguration", {"settings": {"corosafe": {"checks": "corosafe-*,-corosafe-unbounded-channel", "options": {"corosafe-nope.X": "1"}}}})
    m = c.wait(lambda m: m.get("method") == "window/showMessage", "the refusal")
    print("showMessage %d %s" % (m["params"]["type"], m["params"]["message"]))
    c.notify("workspace/didChangeConfiguration", {"settings": {"corosafe": {"checks": "corosafe-*"}}})
    show_diags(workdir, f, c.diagnostics(f, lambda ds: len(ds) > 0, "after the change"))
    c.finish()


def scenario_settings(workdir, args):
    """FILE with the server's arguments (up to "--"), then after each
    settings object (JSON) after "--": the refusal (window/showMessage) or
    the diagnostics published again."""
    f = args[0]
    sep = args.index("--") if "--" in args else len(args)
    c = Client(workdir, args=args[1:sep])
    c.open(f)
    show_diags(workdir, f, c.diagnostics(f))
    u = uri(os.path.join(workdir, f))
    for settings in args[sep + 1:]:
        c.backlog = [m for m in c.backlog if m.get("method") != "textDocument/publishDiagnostics"]
        print("settings %s" % settings)
        c.notify("workspace/didChangeConfiguration", {"settings": {"corosafe": json.loads(settings)}})
        m = c.wait(lambda m: m.get("method") == "window/showMessage" or
                   (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == u),
                   "the refusal or the diagnostics")
        if m["method"] == "window/showMessage":
            print("showMessage %d %s" % (m["params"]["type"], m["params"]["message"].replace(workdir, "WORKDIR")))
        else:
            show_diags(workdir, f, m["params"]["diagnostics"])
    c.finish()


def main():
    name, workdir, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if name == "make-db":
        make_db(workdir, args[0], args[2:], args[1])
        return
    globals()["scenario_" + name.replace("-", "_")](workdir, args)


if __name__ == "__main__":
    main()
