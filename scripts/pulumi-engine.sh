#!/usr/bin/env bash
# pulumi-engine.sh — make a working Pulumi CLI (engine) available.
#
# Usage:   PATH="$(bash scripts/pulumi-engine.sh | tail -1):$PATH"
#
# The last line of stdout is the absolute directory holding `pulumi`;
# progress messages go to stderr.
#
# 1. If `pulumi` is already on PATH (and PULUMI_ENGINE_FORCE_BUILD is unset),
#    its directory is printed and used as is.
# 2. Otherwise the CLI is built from Pulumi's published Go modules, once per
#    machine, into <repo>/.tools/pulumi/bin/ (git-ignored), next to:
#      - pulumi-language-nodejs          (Node.js language host, built from Go)
#      - pulumi-resource-pulumi-nodejs   (launcher for dynamic providers)
#    A stamp file records what was built; a change of requested version
#    rebuilds. PULUMI_ENGINE_FORCE_BUILD=rebuild discards the cache first.
# 3. Then, once per machine too and with a stamp of their own
#    (.language-hosts.stamp), the Python and YAML language hosts are built into
#    the same directory:
#      - pulumi-language-python + pulumi-language-python-exec (its runner script)
#      - pulumi-language-yaml
#    They do not depend on the CLI's version, so a cached CLI is kept as it is
#    when only they are missing, and they survive a rebuild of the CLI. They are
#    built in a staging directory and moved in one file at a time, so a CLI or
#    host that is running meanwhile is never replaced under it half-written.
#
# Environment:
#   PULUMI_ENGINE_VERSION       version to build (default: the version of the
#                               installed node_modules/@pulumi/pulumi, else 3.276.0)
#   PULUMI_ENGINE_FORCE_BUILD   set: ignore a pulumi on PATH; "rebuild": also
#                               discard the cache
#
# Go module versions (Go module proxy, as seen on 2026-11-26):
#   - github.com/pulumi/pulumi/{pkg,sdk}/v3: the proxy listed versions only up
#     to v3.274.1 and refused (403) the module zips of v3.275.0 and v3.276.0;
#     on 2026-11-27 it served v3.276.0. The closest served version at or below
#     the requested one is used (v3.274.1 also works with npm @pulumi/pulumi
#     3.276.0). sdkgen/go.mod pins pkg/v3 to the version built here.
#   - The Node.js language host is its own module,
#     github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which
#     the proxy refuses at every version (403, no version list). Before it was
#     split out it was the package
#     github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs inside
#     the sdk/v3 module; the last sdk/v3 release holding it is v3.68.0 (it is
#     gone from v3.69.0 on). The split-out module is tried first at the CLI's
#     version; failing that, the host is built from sdk/v3@v3.68.0. That host
#     speaks the same gRPC protocol (the engine falls back when newer RPCs
#     answer Unimplemented) and runs @pulumi/pulumi's own cmd/run, so JS and TS
#     programs and dynamic providers work with @pulumi/pulumi 3.276.0.
#   - The Python language host was split out the same way; sdk/v3@v3.68.0 holds
#     it (python/cmd/pulumi-language-python) and its runner script
#     (python/cmd/pulumi-language-python-exec), which is copied beside it.
#     With the current CLI the host runs the first `python3` on PATH, so a
#     Python program's virtualenv must come first on PATH (see
#     scripts/python-venv.sh).
#   - The YAML language host is the module github.com/pulumi/pulumi-yaml,
#     served at v1.25.0 (cmd/pulumi-language-yaml).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.tools/pulumi"
BIN="$CACHE/bin"
STAMP="$BIN/.pulumi-engine.stamp"
DEFAULT_VERSION="3.276.0"
LANGHOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
LANGHOST_FALLBACK_VERSION="v3.68.0"   # last sdk/v3 holding the language host package
SCRIPT_REV=1                          # bump to force a rebuild of the CLI after changing its build
PYTHON_HOST_VERSION="v3.68.0"         # github.com/pulumi/pulumi/sdk/v3, last release holding the host
YAML_HOST_VERSION="v1.25.0"           # github.com/pulumi/pulumi-yaml
LANGHOSTS_STAMP="$BIN/.language-hosts.stamp"
LANGHOSTS_REV=2                       # bump to rebuild only the Python and YAML hosts
LANGHOSTS_FILES=(pulumi-language-python pulumi-language-python-exec pulumi-language-yaml)

log() { echo "pulumi-engine: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- 1. a pulumi already on PATH -------------------------------------------
if [[ -z "${PULUMI_ENGINE_FORCE_BUILD:-}" ]] && existing="$(command -v pulumi 2>/dev/null)"; then
  log "using the pulumi already on PATH: $existing"
  dirname "$existing"
  exit 0
fi

# --- 2. which version -------------------------------------------------------
version="${PULUMI_ENGINE_VERSION:-}"
if [[ -z "$version" ]]; then
  pj="$REPO/node_modules/@pulumi/pulumi/package.json"
  if [[ -f "$pj" ]]; then
    version="$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$pj" | head -1)"
  fi
  version="${version:-$DEFAULT_VERSION}"
fi
version="${version#v}"
want_stamp="requested=v$version rev=$SCRIPT_REV"

if [[ "${PULUMI_ENGINE_FORCE_BUILD:-}" == "rebuild" ]]; then
  log "PULUMI_ENGINE_FORCE_BUILD=rebuild: discarding $BIN"
  rm -rf "$BIN"
fi

cache_ok() {
  [[ -f "$STAMP" ]] && [[ "$(head -1 "$STAMP")" == "$want_stamp" ]] &&
    [[ -x "$BIN/pulumi" && -x "$BIN/pulumi-language-nodejs" && -x "$BIN/pulumi-resource-pulumi-nodejs" ]]
}

want_langhosts_stamp="python=$PYTHON_HOST_VERSION yaml=$YAML_HOST_VERSION rev=$LANGHOSTS_REV"
langhosts_ok() {
  [[ -f "$LANGHOSTS_STAMP" ]] && [[ "$(head -1 "$LANGHOSTS_STAMP")" == "$want_langhosts_stamp" ]] || return 1
  local f
  for f in "${LANGHOSTS_FILES[@]}"; do [[ -x "$BIN/$f" ]] || return 1; done
}

if cache_ok && langhosts_ok; then
  log "using the cached Pulumi CLI in $BIN ($(sed -n 2p "$STAMP"); $want_langhosts_stamp)"
  echo "$BIN"
  exit 0
fi

# --- 3. build what is missing -----------------------------------------------
mkdir -p "$CACHE"
# One build at a time (other shells may run this script concurrently).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  log "taking the build lock ($CACHE/.lock; waits if another build is running)..."
  flock 9
  if cache_ok && langhosts_ok; then   # someone else built them meanwhile
    log "using the cached Pulumi CLI in $BIN"
    echo "$BIN"
    exit 0
  fi
fi

GO="$(command -v go 2>/dev/null || true)"
[[ -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
[[ -n "$GO" ]] || die "no Go toolchain found (need go >= 1.26 on PATH or at /usr/local/go/bin/go)"
export GOWORK=off CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -mod=mod"
log "  cache: $BIN   go: $GO ($("$GO" env GOVERSION))"

BUILD="$CACHE/build"
rm -rf "$BUILD"
mkdir -p "$BUILD/probe"
printf 'module pulumi-engine-build/probe\n\ngo 1.21\n' > "$BUILD/probe/go.mod"

# Does the proxy serve (zip included) module $1 at version $2?
served() { (cd "$BUILD/probe" && "$GO" mod download "$1@$2") >/dev/null 2>&1; }

# The served version of pkg/v3 and sdk/v3 closest to the requested one
# (preferring older ones: the CLI must not be newer than what was asked for).
pick_pulumi_version() {
  local want="v$1" v
  if served github.com/pulumi/pulumi/pkg/v3 "$want" && served github.com/pulumi/pulumi/sdk/v3 "$want"; then
    echo "$want"; return 0
  fi
  local list
  list="$(cd "$BUILD/probe" && "$GO" list -m -versions github.com/pulumi/pulumi/pkg/v3 2>/dev/null | tr ' ' '\n' | grep '^v3\.' || true)"
  [[ -n "$list" ]] || return 1
  # rank by distance to the requested version: older ones first, then newer
  local ranked
  ranked="$(echo "$list" | awk -v want="$1" '
    function num(s,  a) { sub(/^v/, "", s); split(s, a, /[.-]/); return a[1]*1e8 + a[2]*1e4 + a[3] }
    { d = num($1) - num(want); if ($1 ~ /-/) next;
      printf "%d %d %s\n", (d > 0), (d < 0 ? -d : d), $1 }' | sort -n -k1,1 -k2,2 | awk '{print $3}' | head -6)"
  for v in $ranked; do
    if served github.com/pulumi/pulumi/pkg/v3 "$v" && served github.com/pulumi/pulumi/sdk/v3 "$v"; then
      echo "$v"; return 0
    fi
  done
  return 1
}

# Print, as go mod edit -replace arguments, the replace directives of a go.mod
# file that point at other modules (relative/absolute paths are skipped).
module_replaces() {
  awk '
    /^replace[ \t]*\(/ { inblock = 1; next }
    inblock && /^\)/  { inblock = 0; next }
    inblock           { print; next }
    /^replace[ \t]/   { sub(/^replace[ \t]+/, ""); print }
  ' "$1" | sed 's#//.*##' | grep '=>' | while read -r line; do
    local lhs="${line%%=>*}" rhs="${line#*=>}"
    read -r old oldv <<<"$lhs"
    read -r new newv <<<"$rhs"
    [[ "$new" == .* || "$new" == /* || -z "${newv:-}" ]] && continue
    echo "-replace=${old}${oldv:+@$oldv}=${new}@${newv}"
  done
}

# build_main DIR MODULE VERSION PACKAGE OUTPUT LDVERSION [extra modules to pin at VERSION...]
# Makes a throwaway module in DIR requiring MODULE@VERSION, copies MODULE's
# third-party replace lines (go install refuses modules that have them), and
# builds PACKAGE into OUTPUT, stamped with LDVERSION in each version variable
# the Pulumi programs read (the linker skips one a program does not hold).
build_main() {
  local dir="$1" mod="$2" ver="$3" pkg="$4" out="$5" ldver="$6"; shift 6
  mkdir -p "$dir"
  local gomod
  gomod="$(cd "$BUILD/probe" && "$GO" mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p' || true)"
  [[ -f "$gomod" ]] || die "cannot fetch $mod@$ver from the Go module proxy"
  (
    cd "$dir"
    "$GO" mod init pulumi-engine-build/"$(basename "$dir")" >/dev/null 2>&1
    local m reqs=(-require="$mod@$ver")
    for m in "$@"; do reqs+=(-require="$m@$ver"); done
    local reps
    mapfile -t reps < <(module_replaces "$gomod")
    "$GO" mod edit "${reqs[@]}" "${reps[@]}"
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" > tools.go
    log "  $pkg: resolving dependencies (go mod tidy)..."
    "$GO" mod tidy >&2
    log "  $pkg: compiling..."
    "$GO" build -p 2 -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$ldver -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$ldver" \
      -o "$out" "$pkg" >&2
  )
}

# The directory of MODULE@VERSION in the module cache (downloading it if needed).
module_dir() {
  (cd "$BUILD/probe" && "$GO" mod download -json "$1@$2") | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p'
}

build_cli() {
  log "building the Pulumi CLI v$version from Go modules, once per machine (several minutes)..."
  local start=$SECONDS cli_version langhost_version
  cli_version="$(pick_pulumi_version "$version")" ||
    die "the Go module proxy serves no github.com/pulumi/pulumi/pkg/v3 + sdk/v3 near v$version"
  if [[ "$cli_version" != "v$version" ]]; then
    log "  the Go module proxy does not serve github.com/pulumi/pulumi/pkg/v3@v$version; using the closest served version $cli_version"
  fi

  local STAGE="$CACHE/bin.new"
  rm -rf "$STAGE"
  mkdir -p "$STAGE"

  # 3a. the CLI
  build_main "$BUILD/cli" github.com/pulumi/pulumi/pkg/v3 "$cli_version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$STAGE/pulumi" "$cli_version" \
    github.com/pulumi/pulumi/sdk/v3

  # 3b. the Node.js language host
  if served "$LANGHOST_MODULE" "$cli_version"; then
    langhost_version="$cli_version"
    build_main "$BUILD/langhost" "$LANGHOST_MODULE" "$cli_version" "$LANGHOST_MODULE" \
      "$STAGE/pulumi-language-nodejs" "$cli_version" \
      github.com/pulumi/pulumi/sdk/v3 github.com/pulumi/pulumi/pkg/v3
  else
    langhost_version="$LANGHOST_FALLBACK_VERSION"
    log "  $LANGHOST_MODULE@$cli_version is not served; building the language host from github.com/pulumi/pulumi/sdk/v3@$langhost_version instead"
    build_main "$BUILD/langhost" github.com/pulumi/pulumi/sdk/v3 "$langhost_version" \
      github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
      "$STAGE/pulumi-language-nodejs" "$langhost_version"
  fi

  # 3c. the dynamic-provider launcher (the engine starts it with cwd = program dir)
  cat > "$STAGE/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
# Dynamic-provider plugin for Pulumi (written by scripts/pulumi-engine.sh):
# runs @pulumi/pulumi's dynamic-provider entry point, resolved from the
# program directory's node_modules.
entry=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))') || entry=""
if [ -z "$entry" ]; then
  echo "pulumi-resource-pulumi-nodejs: cannot resolve @pulumi/pulumi/cmd/dynamic-provider from $(pwd)" >&2
  exit 1
fi
exec node "$entry" "$@"
EOF
  chmod +x "$STAGE/pulumi-resource-pulumi-nodejs"

  "$STAGE/pulumi" version >/dev/null 2>&1 || die "the built pulumi binary does not run"

  printf '%s\n%s\n' "$want_stamp" \
    "cli=github.com/pulumi/pulumi/pkg/v3@$cli_version langhost=$langhost_version" > "$STAGE/.pulumi-engine.stamp"
  # The Python and YAML hosts do not depend on the CLI: keep them across its rebuild.
  if langhosts_ok; then
    local f
    for f in "${LANGHOSTS_FILES[@]}" "$(basename "$LANGHOSTS_STAMP")"; do mv "$BIN/$f" "$STAGE/$f"; done
  fi
  rm -rf "$BIN"
  mv "$STAGE" "$BIN"

  log "built the Pulumi CLI $cli_version (language host $langhost_version) in $((SECONDS - start))s: $BIN"
}

# The Python and YAML language hosts. The CLI and the Node.js host in $BIN may
# be running (long tests), so nothing there is removed: each new file is
# renamed over its old copy, and the stamp goes in last.
build_language_hosts() {
  log "building the Python and YAML language hosts from Go modules, once per machine..."
  local stage="$CACHE/language-hosts.new" sdk_dir t
  rm -rf "$stage"
  mkdir -p "$stage"

  t=$SECONDS
  build_main "$BUILD/python" github.com/pulumi/pulumi/sdk/v3 "$PYTHON_HOST_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
    "$stage/pulumi-language-python" "$PYTHON_HOST_VERSION"
  # The host looks for its runner script beside its own executable.
  sdk_dir="$(module_dir github.com/pulumi/pulumi/sdk/v3 "$PYTHON_HOST_VERSION")"
  [[ -f "$sdk_dir/python/cmd/pulumi-language-python-exec" ]] ||
    die "no python/cmd/pulumi-language-python-exec in github.com/pulumi/pulumi/sdk/v3@$PYTHON_HOST_VERSION"
  cp "$sdk_dir/python/cmd/pulumi-language-python-exec" "$stage/pulumi-language-python-exec"
  chmod 755 "$stage/pulumi-language-python-exec"   # the module cache's copy is read-only
  log "  pulumi-language-python $PYTHON_HOST_VERSION built in $((SECONDS - t))s"

  t=$SECONDS
  build_main "$BUILD/yaml" github.com/pulumi/pulumi-yaml "$YAML_HOST_VERSION" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
    "$stage/pulumi-language-yaml" "$YAML_HOST_VERSION"
  log "  pulumi-language-yaml $YAML_HOST_VERSION built in $((SECONDS - t))s"

  printf '%s\n%s\n' "$want_langhosts_stamp" \
    "python=github.com/pulumi/pulumi/sdk/v3@$PYTHON_HOST_VERSION yaml=github.com/pulumi/pulumi-yaml@$YAML_HOST_VERSION" \
    > "$stage/$(basename "$LANGHOSTS_STAMP")"
  mkdir -p "$BIN"
  local f
  for f in "${LANGHOSTS_FILES[@]}" "$(basename "$LANGHOSTS_STAMP")"; do mv -f "$stage/$f" "$BIN/$f"; done
  rmdir "$stage"
}

if cache_ok; then
  log "using the cached Pulumi CLI in $BIN ($(sed -n 2p "$STAMP"))"
else
  build_cli
fi
langhosts_ok || build_language_hosts
rm -rf "$BUILD"

echo "$BIN"
