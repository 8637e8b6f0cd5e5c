"""check-ci-yaml.py GITHUB_WORKFLOW GITLAB_CI: both parse as YAML and have
what docs/ci.md says they have. Exits 1 with a message on the first problem."""
import sys

import yaml


def fail(msg):
    print("check-ci-yaml: " + msg)
    sys.exit(1)


gh_path, gl_path = sys.argv[1:3]
with open(gh_path) as f:
    gh = yaml.safe_load(f)
steps = gh["jobs"]["corosafe"]["steps"]
uses = [s.get("uses", "") for s in steps]
runs = "\n".join(s.get("run", "") for s in steps)
if gh.get("permissions", {}).get("security-events") != "write":
    fail("github: no 'security-events: write' permission")
if not any(u.startswith("github/codeql-action/upload-sarif@") for u in uses):
    fail("github: no upload-sarif step")
upload = [s for s in steps
          if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")][0]
if upload.get("with", {}).get("category") != "corosafe":
    fail("github: upload-sarif has no category 'corosafe'")
if not any(u.startswith("actions/cache@") for u in uses):
    fail("github: the corosafe cache is not cached")
for flag in ["--baseline", "--format sarif", "--sarif-omit-suppressed",
             "--sarif-category corosafe", "CMAKE_EXPORT_COMPILE_COMMANDS=ON"]:
    if flag not in runs:
        fail("github: no '%s' in the run steps" % flag)

with open(gl_path) as f:
    gl = yaml.safe_load(f)
job = gl["corosafe"]
script = "\n".join(job["script"])
for flag in ["--diff-base", "--baseline", "--format sarif"]:
    if flag not in script:
        fail("gitlab: no '%s' in the script" % flag)
if "corosafe.sarif" not in job["artifacts"]["paths"]:
    fail("gitlab: corosafe.sarif is not an artifact")
if not job.get("cache", {}).get("paths"):
    fail("gitlab: no cache")
print("check-ci-yaml: OK")
