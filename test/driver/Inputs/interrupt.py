"""interrupt.py COROSAFE WORK SIGNAL [--existing-output | --lsp [--idle]]:
interrupts a run.

Makes a small tree (three TUs, one of which hangs in its worker through the
test hook COROSAFE_TEST_HANG_ON and forks a child of its own), starts
`corosafe -p TREE -j 2 --format sarif -o OUT` with TMPDIR=WORK/tmp, waits
until the hanging worker and its child run, sends SIGNAL (INT, TERM or HUP)
to the driver and checks: the exit status is 128 + the signal, every process
of the worker's process group is gone, the temporary directory is empty, no
-o file exists (or, with --existing-output, the earlier one is unchanged) and
no temporary file is left next to it or in the cache. Prints one line per
check; exits 1 on the first failure.

With --lsp the same for `corosafe lsp`: the server is initialized, opens the
hanging TU (its worker and the worker's child then run) and gets SIGNAL;
with --idle it gets SIGNAL while it waits for the client, no worker
running. Exit status, processes and temporary directory are checked as for
the one-step run."""
import json, os, signal, subprocess, sys, time

coro, work, sig_name = sys.argv[1:4]
existing = "--existing-output" in sys.argv[4:]
lsp = "--lsp" in sys.argv[4:]
idle = "--idle" in sys.argv[4:]
sig = getattr(signal, "SIG" + sig_name)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


tree = os.path.join(work, "tree")
tmp = os.path.join(work, "tmp")
cache = os.path.join(work, "cache")
os.makedirs(os.path.join(tree, "src"), exist_ok=True)
os.makedirs(tmp, exist_ok=True)
entries = []
for name in ["a.cpp", "b.cpp", "hang_me.cpp"]:
    with open(os.path.join(tree, "src", name), "w") as f:
        f.write("int %s() { return 0; }\n" % name.split(".")[0])
    entries.append({"directory": tree, "file": "src/" + name,
                    "command": "clang++ -std=c++20 -c src/%s" % name})
with open(os.path.join(tree, "compile_commands.json"), "w") as f:
    json.dump(entries, f)
out = os.path.join(work, "out.sarif")
if existing:
    with open(out, "w") as f:
        f.write("earlier output\n")

env = dict(os.environ, TMPDIR=tmp, COROSAFE_TEST_HANG_ON="hang_me.cpp",
           COROSAFE_TEST_HANG_FORK="1")
def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


with open(os.path.join(work, "stderr.txt"), "w") as err:
    if lsp:
        p = subprocess.Popen([coro, "lsp", "-v", "-j", "2", "--timeout", "0",
                              "--compile-commands-dir", tree,
                              "--cache-dir", cache],
                             env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=err)
        p.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                             "params": {"processId": None,
                                        "rootUri": "file://" + tree,
                                        "capabilities": {}}}))
        p.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized",
                             "params": {}}))
        if not idle:
            path = os.path.join(tree, "src", "hang_me.cpp")
            with open(path) as f:
                text = f.read()
            p.stdin.write(frame({
                "jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {
                    "uri": "file://" + path, "languageId": "cpp",
                    "version": 1, "text": text}}}))
        p.stdin.flush()
    else:
        p = subprocess.Popen([coro, "-p", tree, "-j", "2", "--timeout", "0",
                              "--cache-dir", cache, "--format", "sarif",
                              "-o", out],
                             env=env, stdout=subprocess.DEVNULL, stderr=err)


def stat(pid):
    """(state, ppid, pgid) of a process, or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2])


def processes():
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = stat(int(d))
            if st:
                yield int(d), st


# The hanging worker is the one whose process group gets a second member.
group = []
deadline = time.time() + 120
if idle:
    # The server's temporary directory exists once it serves.
    while time.time() < deadline and not os.listdir(tmp):
        if p.poll() is not None:
            fail("corosafe exited %d before the signal" % p.returncode)
        time.sleep(0.05)
    time.sleep(0.5)
    print("server idle, temporary directory: %d" % len(os.listdir(tmp)))
while time.time() < deadline and not group and not idle:
    if p.poll() is not None:
        fail("corosafe exited %d before the signal" % p.returncode)
    workers = [pid for pid, st in processes() if st[1] == p.pid]
    for w in workers:
        members = [pid for pid, st in processes() if st[2] == w and st[0] != "Z"]
        if len(members) >= 2:
            group = members
    time.sleep(0.05)
if not group and not idle:
    fail("no hanging worker with a child after 120 s")
# (The group's id is the worker's pid: the worker leads a group of its own.)
if not idle:
    print("worker group running: %d processes" % len(group))

os.kill(p.pid, sig)
try:
    rc = p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    fail("corosafe did not exit within 60 s of SIG" + sig_name)
print("exit status %d" % rc)
if rc != 128 + sig:
    fail("expected exit status %d" % (128 + sig))

deadline = time.time() + 10
alive = group
while time.time() < deadline:
    alive = [pid for pid in group if stat(pid) and stat(pid)[0] != "Z"]
    if not alive:
        break
    time.sleep(0.05)
if alive:
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    fail("worker processes survived: %s" % alive)
print("no worker process left")

left = os.listdir(tmp)
if left:
    fail("left in the temporary directory: %s" % left)
print("temporary directory empty")

if lsp:
    pass
elif existing:
    with open(out) as f:
        if f.read() != "earlier output\n":
            fail("the earlier -o file was changed")
    print("earlier output unchanged")
elif os.path.exists(out):
    fail("a partial -o file exists")
else:
    print("no output file")
stray = [f for f in os.listdir(work) if ".tmp-" in f]
for root, _, files in os.walk(cache):
    stray += [f for f in files if ".tmp-" in f]
if stray:
    fail("temporary files left: %s" % stray)
print("no temporary file left")
with open(os.path.join(work, "stderr.txt")) as f:
    sys.stdout.write(f.read())
