#!/usr/bin/env bash
# regenerate.sh — writes fixture/ from a released commit of this package: its build runs
# program/ with `pulumi up` against its own simulator, then the stack's state (`pulumi stack
# export`), its config file and the simulator's data are kept. See README.md beside this file.
#
# Usage:   bash tests/engine/upgrade/regenerate.sh [RELEASE]     (default: bb7f287)
#
# Needs the Pulumi CLI (a `pulumi` on PATH, or the one scripts/pulumi-engine.sh builds) and the
# repository's node_modules (npm ci). Nothing it writes holds a real secret or a machine path:
# the credentials and the password below exist only here and in the simulator's data.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
RELEASE="${1:-bb7f287}"
STACK=upgrade
# Known to the test (upgrade.test.ts): they decrypt the fixture's secrets and answer its token.
PASSPHRASE=upgrade-fixture-passphrase
CLIENT_ID=upgrade-client
CLIENT_SECRET=upgrade-Client-Secret-1
ADMIN_PASSWORD='Upgrade!Admin-Pass1'

log() { echo "regenerate: $*" >&2; }

WORK="$(mktemp -d)"
SIM_PID=""
cleanup() {
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ENGINE_BIN="$(bash "$REPO/scripts/pulumi-engine.sh" | tail -1)"
export PATH="$ENGINE_BIN:$PATH"

# 1. The released package, built from its own sources with this repository's dependencies
#    (the same lock file, or the build says why not).
log "building $RELEASE..."
mkdir -p "$WORK/release"
git -C "$REPO" archive "$RELEASE" | tar -x -C "$WORK/release"
cmp -s "$WORK/release/package-lock.json" "$REPO/package-lock.json" ||
  log "note: $RELEASE locked other dependency versions; building it with this checkout's"
ln -s "$REPO/node_modules" "$WORK/release/node_modules"
(cd "$WORK/release" && node scripts/build.js)

# 2. The program, with the released package installed as users have it: package.json and dist/.
mkdir -p "$WORK/program/node_modules/pulumi-99digital"
cp "$HERE/program/Pulumi.yaml" "$HERE/program/package.json" "$HERE/program/index.js" "$WORK/program/"
for dep in "$REPO"/node_modules/*; do
  name="$(basename "$dep")"
  [[ "$name" == pulumi-99digital || "$name" == .* ]] && continue
  ln -s "$dep" "$WORK/program/node_modules/$name"
done
cp "$WORK/release/package.json" "$WORK/program/node_modules/pulumi-99digital/"
cp -R "$WORK/release/dist" "$WORK/program/node_modules/pulumi-99digital/dist"

# 3. The released simulator, keeping its data in a file.
node "$WORK/release/dist/simulator/cli.js" --port 0 --client-id "$CLIENT_ID" \
  --client-secret "$CLIENT_SECRET" --data "$WORK/simulator.json" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do
  grep -q 'http://' "$WORK/sim.log" && break
  sleep 0.1
done
API_URL="$(grep -o 'http://[0-9.:]*/api' "$WORK/sim.log" | head -1)"
[[ -n "$API_URL" ]] || { cat "$WORK/sim.log" >&2; log "the simulator did not start"; exit 1; }

# 4. pulumi up with a local file backend, then the state and the stack's config file.
export PULUMI_HOME="$WORK/home" PULUMI_CONFIG_PASSPHRASE="$PASSPHRASE" PULUMI_SKIP_UPDATE_CHECK=1
export PULUMI_BACKEND_URL="file://$WORK/state"
mkdir -p "$WORK/state"
(
  cd "$WORK/program"
  pulumi stack init "$STACK" --non-interactive
  pulumi config set digital99:apiUrl "$API_URL"
  pulumi config set digital99:clientId "$CLIENT_ID"
  pulumi config set --secret digital99:clientSecret "$CLIENT_SECRET"
  pulumi config set --secret adminPassword "$ADMIN_PASSWORD"
  pulumi up --yes --non-interactive --skip-preview >"$WORK/up.log" 2>&1 ||
    { cat "$WORK/up.log" >&2; exit 1; }
  # The simulator's port is this run's: the test sets its own.
  pulumi config rm digital99:apiUrl
  pulumi stack export --file "$WORK/state.json"
)

mkdir -p "$HERE/fixture"
cp "$WORK/program/Pulumi.$STACK.yaml" "$HERE/fixture/Pulumi.$STACK.yaml"
# Pretty-printed, so that a regeneration shows as a readable diff. From the state only the
# engine's record of where each resource was declared goes (sourcePosition, stackTrace): it
# names this machine's paths, and the engine writes it anew at its next step.
pretty() {
  node -e 'const fs = require("node:fs");
    const drop = new Set(process.argv.slice(3));
    const text = JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8")),
      (key, value) => (drop.has(key) ? undefined : value), 2);
    fs.writeFileSync(process.argv[2], text + "\n");' "$@"
}
pretty "$WORK/state.json" "$HERE/fixture/state.json" sourcePosition stackTrace
pretty "$WORK/simulator.json" "$HERE/fixture/simulator.json"
echo "$RELEASE" >"$HERE/fixture/RELEASE"

if grep -rl -e "$WORK" -e "$REPO" -e "$CLIENT_SECRET" -e "$ADMIN_PASSWORD" "$HERE/fixture" \
  --exclude=simulator.json; then
  log "ERROR: the files above hold a machine path or a plain-text secret"
  exit 1
fi
log "wrote $(cd "$REPO" && ls tests/engine/upgrade/fixture | tr '\n' ' ')from $RELEASE"
