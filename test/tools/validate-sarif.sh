#!/usr/bin/env bash
# Validate one SARIF file with both
#   (a) the SARIF 2.1.0 JSON schema, via ajv (draft-04 through ajv-draft-04,
#       2019-09/2020-12 through ajv's own builds), offline; and
#   (b) the SARIF multitool: `validate --rule-kind "Gh;Sarif"` (the SARIF
#       spec's rules plus GitHub code scanning's ingestion rules).
# Exit 0 only when both report zero errors and zero warnings; otherwise print
# each problem on one line and exit 1. Exit 2 on a usage or setup problem.
#
# Usage: test/tools/validate-sarif.sh FILE.sarif
#
# Environment:
#   COROSAFE_TOOLS_DIR     where node_modules is (default: <repo>/.tools, as
#                          installed by scripts/install-deps.sh --with-test-tools)
#   COROSAFE_SARIF_SCHEMA  the schema to use (default: <repo>/../shared/sarif/
#                          sarif-schema-2.1.0.json if present, else the
#                          sarif-2.1.0.json shipped with the multitool)
#
# About the multitool: the npm package's bin.js runs the native binary through
# a shell with the arguments unquoted, so `--rule-kind "Gh;Sarif"` becomes two
# shell commands ("/bin/sh: 1: Sarif: not found"). We run the platform binary
# (the path that @microsoft/sarif-multitool's index.js exports) directly.
# Its 4.6.x builds (.NET 8 single-file) crash in every `validate` because
# Assembly.Location is empty in a single-file app ("The value cannot be an
# empty string. (Parameter 'path') ... Tool.CreateFromAssemblyData"); 4.5.x
# and older are .NET Core 3.1 builds that need libssl 1.1, which Debian 12 does
# not have. 5.7.0 works. The multitool exits 0 even when it finds errors, so
# we read the SARIF log it writes with --output.
set -uo pipefail

prog=validate-sarif
if [ $# -ne 1 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  echo "usage: $0 FILE.sarif" >&2
  exit 2
fi
sarif=$1
if [ ! -f "$sarif" ]; then
  echo "$prog: no such file: $sarif" >&2
  exit 2
fi
sarif=$(cd "$(dirname "$sarif")" && pwd)/$(basename "$sarif")

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tools=${COROSAFE_TOOLS_DIR:-$repo/.tools}
nm=$tools/node_modules
if ! command -v node >/dev/null 2>&1; then
  echo "$prog: node not found (scripts/install-deps.sh --with-test-tools)" >&2
  exit 2
fi
for m in ajv ajv-draft-04 @microsoft/sarif-multitool; do
  if [ ! -d "$nm/$m" ]; then
    echo "$prog: $nm/$m missing (scripts/install-deps.sh --with-test-tools)" >&2
    exit 2
  fi
done

# The native multitool binary for this platform.
multitool=$(cd "$nm/@microsoft/sarif-multitool" && node -p "require('./')" 2>/dev/null)
if [ -z "$multitool" ] || [ ! -f "$multitool" ]; then
  echo "$prog: no SARIF multitool binary for this platform under $nm/@microsoft" >&2
  exit 2
fi
[ -x "$multitool" ] || chmod u+x "$multitool" 2>/dev/null

if [ -n "${COROSAFE_SARIF_SCHEMA:-}" ]; then
  schema=$COROSAFE_SARIF_SCHEMA
elif [ -f "$repo/../shared/sarif/sarif-schema-2.1.0.json" ]; then
  schema=$(cd "$repo/../shared/sarif" && pwd)/sarif-schema-2.1.0.json
else
  schema=$(dirname "$multitool")/sarif-2.1.0.json
fi
if [ ! -f "$schema" ]; then
  echo "$prog: schema not found: $schema" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/validate-sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- (a) JSON schema ---------------------------------------------------------
cat > "$tmp/schema.js" <<'JS'
'use strict';
const fs = require('fs');
const path = require('path');
const [nm, schemaPath, sarifPath] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
let data;
try {
  data = JSON.parse(fs.readFileSync(sarifPath, 'utf8'));
} catch (e) {
  console.log(`schema: error: not valid JSON: ${e.message}`);
  process.exit(1);
}
const dialect = String(schema.$schema || '');
let mod = 'ajv';
if (dialect.includes('draft-04')) mod = 'ajv-draft-04';
else if (dialect.includes('2020-12')) mod = 'ajv/dist/2020';
else if (dialect.includes('2019-09')) mod = 'ajv/dist/2019';
let Ajv = require(path.join(nm, mod));
Ajv = Ajv.default || Ajv;
const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
// The formats the SARIF schemas use (ajv-formats is not installed).
const pct = '(?:[^\\s%\\x00-\\x1f\\x7f]|%[0-9A-Fa-f]{2})';
ajv.addFormat('uri', new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${pct}*$`));
ajv.addFormat('uri-reference', new RegExp(`^${pct}*$`));
ajv.addFormat('date-time',
  /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/);
ajv.addFormat('uuid',
  /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/);
// Some copies of the schema (the one shipped with the multitool 4.6.x) say
// draft 2020-12 but name schemas with the draft-04 keyword "id".
function renameIds(node) {
  if (Array.isArray(node)) { node.forEach(renameIds); return; }
  if (!node || typeof node !== 'object') return;
  if (typeof node.id === 'string' && node.$id === undefined) {
    node.$id = node.id;
    delete node.id;
  }
  Object.values(node).forEach(renameIds);
}
if (mod !== 'ajv-draft-04') renameIds(schema);
let validate;
try {
  validate = ajv.compile(schema);
} catch (e) {
  console.log(`schema: error: cannot compile ${schemaPath}: ${e.message}`);
  process.exit(1);
}
if (validate(data)) process.exit(0);
for (const e of validate.errors) {
  const where = e.instancePath || '/';
  console.log(`schema: error: ${where}: ${e.message} ${JSON.stringify(e.params)}`);
}
process.exit(1);
JS
node "$tmp/schema.js" "$nm" "$schema" "$sarif" > "$tmp/schema.out" 2>&1
schema_rc=$?
if [ "$schema_rc" != 0 ] && [ ! -s "$tmp/schema.out" ]; then
  echo "schema: error: the schema check failed (exit $schema_rc)" > "$tmp/schema.out"
fi

# --- (b) SARIF multitool -----------------------------------------------------
# Invariant globalization: the validator needs no culture data, and it then
# also runs where libicu is missing.
# The subshell keeps bash's "Aborted" report of a crash in multitool.out.
(
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  "$multitool" validate "$sarif" --output "$tmp/multitool.sarif" \
    --log ForceOverwrite --rule-kind "Gh;Sarif"
  exit $?
) > "$tmp/multitool.out" 2>&1
mt_rc=$?

cat > "$tmp/report.js" <<'JS'
'use strict';
const fs = require('fs');
const [logPath] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(logPath, 'utf8'));
let problems = 0;
const oneLine = (s) => String(s).replace(/\s+/g, ' ').trim();
function text(msg, rule) {
  if (!msg) return '';
  if (msg.text !== undefined) return msg.text;
  const strings = (rule && rule.messageStrings) || {};
  const tpl = strings[msg.id] ? strings[msg.id].text : msg.id;
  return String(tpl).replace(/\{(\d+)\}/g, (m, i) =>
    (msg.arguments || [])[Number(i)] !== undefined ? msg.arguments[Number(i)] : m);
}
function where(locs) {
  const r = locs && locs[0] && locs[0].physicalLocation &&
            locs[0].physicalLocation.region;
  return r ? `(${r.startLine || 0},${r.startColumn || 0})` : '';
}
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  const byId = {};
  for (const r of rules) byId[r.id] = r;
  for (const res of run.results || []) {
    const kind = res.kind || 'fail';
    const level = res.level || (kind === 'fail' ? 'warning' : 'none');
    if (level !== 'error' && level !== 'warning') continue;
    const rule = res.ruleIndex !== undefined ? rules[res.ruleIndex] : byId[res.ruleId];
    console.log(`multitool: ${level} ${res.ruleId}${where(res.locations)}: ` +
                oneLine(text(res.message, rule)));
    ++problems;
  }
  for (const inv of run.invocations || []) {
    for (const n of [...(inv.toolExecutionNotifications || []),
                     ...(inv.toolConfigurationNotifications || [])]) {
      const level = n.level || 'warning';
      if (level !== 'error' && level !== 'warning') continue;
      const id = (n.descriptor && n.descriptor.id) || '';
      console.log(`multitool: ${level} ${id}: ${oneLine(text(n.message))}`);
      ++problems;
    }
    if (inv.executionSuccessful === false) {
      console.log('multitool: error: the validation run was not successful');
      ++problems;
    }
  }
}
process.exit(problems ? 1 : 0);
JS
if [ -s "$tmp/multitool.sarif" ]; then
  node "$tmp/report.js" "$tmp/multitool.sarif" > "$tmp/report.out" 2>&1
  report_rc=$?
  if [ "$report_rc" != 0 ] && [ ! -s "$tmp/report.out" ]; then
    echo "multitool: error: cannot read the multitool's log" > "$tmp/report.out"
  fi
else
  report_rc=1
  {
    echo "multitool: error: no log written (exit $mt_rc); it needs @microsoft/sarif-multitool@5.7.0 or later (4.x crashes)"
    grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*at ' "$tmp/multitool.out" |
      head -n 3 | sed 's/^/multitool: /'
  } > "$tmp/report.out"
fi

cat "$tmp/schema.out" "$tmp/report.out"
if [ "$schema_rc" = 0 ] && [ "$report_rc" = 0 ]; then
  echo "$prog: $sarif: OK (schema $(basename "$schema"), multitool $(basename "$(dirname "$multitool")"))" >&2
  exit 0
fi
echo "$prog: $sarif: FAILED" >&2
exit 1
