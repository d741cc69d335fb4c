#!/usr/bin/env bash
# sdkgen.sh — build the SDK generator in sdkgen/ (once per change of its
# source) and run it with the given arguments.
#
# Usage:   bash scripts/sdkgen.sh --schema schema.json --out DIR --language nodejs,python,go
#
# The binary is cached in <repo>/.tools/sdkgen/ (git-ignored) with a stamp
# holding the hash of sdkgen's go.mod, go.sum and Go files, so an edit there
# rebuilds it and nothing else does. Build messages go to stderr. Exits 3 (and
# says so) when no Go toolchain is found, so callers can tell "cannot build"
# from a failure of the generator.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$REPO/sdkgen"
CACHE="$REPO/.tools/sdkgen"
BIN="$CACHE/sdkgen"
STAMP="$CACHE/.sdkgen.stamp"

log() { echo "sdkgen: $*" >&2; }

source_hash() { (cd "$SRC" && cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1); }
want="$(source_hash)"
built_ok() { [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; }

if ! built_ok; then
  GO="$(command -v go 2>/dev/null || true)"
  [[ -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
  if [[ -z "$GO" ]]; then
    log "no Go toolchain found (go on PATH or /usr/local/go/bin/go): cannot build the SDK generator"
    exit 3
  fi
  mkdir -p "$CACHE"
  # One build at a time: several runs may start together.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE/.lock"
    flock 9
  fi
  if ! built_ok; then
    log "building the SDK generator from sdkgen/ into $CACHE..."
    start=$SECONDS
    tmp="$(mktemp "$CACHE/.sdkgen.XXXXXX")"
    # go.sum is committed: -mod=readonly makes a missing or stale one an error.
    (cd "$SRC" && GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=readonly \
      "$GO" build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" .) >&2 || { rm -f "$tmp"; exit 1; }
    mv -f "$tmp" "$BIN"   # atomic: a concurrent run never starts half a binary
    echo "$want" > "$STAMP"
    log "built in $((SECONDS - start))s"
  fi
fi

exec "$BIN" "$@"
