#!/usr/bin/env bash
# sdk-check.sh — compile the SDKs that scripts/sdkgen.sh wrote into DIR, in
# every language whose toolchain this machine has.
#
# Usage:   bash scripts/sdk-check.sh DIR
#
#   DIR/python   installed with pip into a throwaway virtualenv that sees the
#                pulumi SDK of scripts/python-venv.sh, then every module imported
#   DIR/nodejs   type-checked and compiled with the repository's tsc, against
#                its node_modules/@pulumi/pulumi
#   DIR/go       `go build ./...` against github.com/pulumi/pulumi/sdk/v3 at the
#                version sdkgen/go.mod pins (the generator's own)
#   DIR/dotnet   `dotnet build`, when both a dotnet toolchain and the folder exist
#
# Each SDK is copied to a temporary folder first, so DIR is left as it was.
# A language whose toolchain is missing is reported on a line of its own,
# "SKIPPED <language>: <reason>"; a compile error fails the script (exit 1)
# after the other languages have been tried.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$(cd "${1:?usage: sdk-check.sh DIR}" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log() { echo "sdk-check: $*" >&2; }
skipped() { echo "SKIPPED $1: $2"; }

GO="$(command -v go 2>/dev/null || true)"
[[ -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
NO_DOTNET_SDK="sdkgen cannot write a .NET SDK: its generator left github.com/pulumi/pulumi/pkg/v3"

# missing_<language> prints why that language cannot be checked here, if so.
missing_python() { command -v python3 >/dev/null 2>&1 || echo "no python3 on PATH"; }
missing_nodejs() {
  [[ -x "$REPO/node_modules/.bin/tsc" && -d "$REPO/node_modules/@pulumi/pulumi" ]] ||
    echo "no tsc or @pulumi/pulumi in the repository's node_modules (run npm ci)"
}
missing_go() { [[ -n "$GO" ]] || echo "no Go toolchain (go on PATH or /usr/local/go/bin/go)"; }
missing_dotnet() { command -v dotnet >/dev/null 2>&1 || echo "no dotnet toolchain on PATH (and $NO_DOTNET_SDK)"; }

check_python() {
  local venv_bin site own pkg
  venv_bin="$(bash "$REPO/scripts/python-venv.sh" | tail -1)"
  # A throwaway virtualenv whose .pth file puts the cached one's packages
  # (pulumi and its dependencies) on its path: pip installs only the SDK (in an
  # isolated build environment with the build backend it fetches), and the
  # cached virtualenv stays untouched.
  "$venv_bin/python3" -m venv "$WORK/venv"
  site="$("$venv_bin/python3" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  own="$("$WORK/venv/bin/python3" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$site" > "$own/pulumi-venv.pth"
  cp -r "$DIR/python" "$WORK/python"
  "$WORK/venv/bin/python3" -m pip install --disable-pip-version-check --no-input -q "$WORK/python" >&2
  for pkg in "$WORK"/python/*/__init__.py; do
    pkg="$(basename "$(dirname "$pkg")")"
    (cd "$WORK" && "$WORK/venv/bin/python3" - "$pkg" <<'PY'
import importlib, pkgutil, sys
root = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(root.__path__, root.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(f"OK python: pip installed {root.__name__} and imported its {len(names) + 1} modules")
PY
    )
  done
}

check_nodejs() {
  local tsc="$REPO/node_modules/.bin/tsc"
  cp -r "$DIR/nodejs" "$WORK/nodejs"
  ln -s "$REPO/node_modules" "$WORK/nodejs/node_modules"
  "$tsc" -p "$WORK/nodejs/tsconfig.json" >&2
  echo "OK nodejs: tsc compiled $(find "$WORK/nodejs/bin" -name '*.js' | wc -l) files against @pulumi/pulumi $(node -p 'require(process.argv[1]).version' "$REPO/node_modules/@pulumi/pulumi/package.json")"
}

check_go() {
  local sdk_version module
  sdk_version="$(awk '$1 == "github.com/pulumi/pulumi/sdk/v3" { print $2 }' "$REPO/sdkgen/go.mod")"
  [[ -n "$sdk_version" ]] || { log "no github.com/pulumi/pulumi/sdk/v3 in sdkgen/go.mod"; return 1; }
  cp -r "$DIR/go" "$WORK/go"
  cd "$WORK/go"
  if ! [[ -f go.mod ]]; then
    # Without meta.supportPack the generator writes no go.mod; the module is
    # the import path of the root package (".../<pkg>/internal" is imported by
    # every file of it) less its last element.
    module="$(grep -rhoE '"[^"]+/internal"' --include='*.go' . | head -1 | tr -d '"')"
    [[ -n "$module" ]] || { log "cannot tell the Go module path of $DIR/go"; return 1; }
    module="$(dirname "$(dirname "$module")")"
    "$GO" mod init "$module" 2>/dev/null
  fi
  export GOWORK=off GOFLAGS=-mod=mod
  "$GO" mod edit -require="github.com/pulumi/pulumi/sdk/v3@$sdk_version"
  "$GO" mod tidy >&2
  "$GO" build -p 2 ./... >&2
  "$GO" vet ./... >&2
  echo "OK go: go build and go vet ./... of $("$GO" list -m) against github.com/pulumi/pulumi/sdk/v3@$sdk_version"
}

check_dotnet() {
  cp -r "$DIR/dotnet" "$WORK/dotnet"
  dotnet build "$WORK/dotnet" >&2
  echo "OK dotnet: dotnet build"
}

failed=()
for lang in python nodejs go dotnet; do
  reason="$("missing_$lang")"
  if [[ -n "$reason" ]]; then
    skipped "$lang" "$reason"
  elif [[ "$lang" == dotnet && ! -d "$DIR/dotnet" ]]; then
    skipped dotnet "no $DIR/dotnet ($NO_DOTNET_SDK)"
  elif ! [[ -d "$DIR/$lang" ]]; then
    log "FAILED $lang: $DIR has no $lang/ (write it with scripts/sdkgen.sh)"
    failed+=("$lang")
  else
    # In a subshell of its own with errexit on, so a failing step ends that
    # language's check only (errexit is off where a status is tested).
    set +e
    (set -e; "check_$lang")
    status=$?
    set -e
    if ((status != 0)); then
      log "FAILED $lang (see above)"
      failed+=("$lang")
    fi
  fi
done

if ((${#failed[@]})); then
  log "FAILED: ${failed[*]}"
  exit 1
fi
