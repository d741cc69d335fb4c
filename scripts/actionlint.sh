#!/usr/bin/env bash
# actionlint.sh — install actionlint (the GitHub Actions workflow linter) into
# <repo>/.tools/bin, once per machine, and print the path of the binary as
# the last line of stdout. Progress goes to stderr.
#
# Usage:   "$(bash scripts/actionlint.sh | tail -1)" examples/gitops/.github/workflows/*.yml
#
# It is built from its Go module with `go install`, pinned below, so every
# machine lints with the same rules. Exits 3 (and says so) when no Go
# toolchain is found, so callers can tell "cannot install" from a failure.
#
# Environment:
#   ACTIONLINT_VERSION   module version to install (default below)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
BIN="$REPO/.tools/bin"
STAMP="$BIN/.actionlint.stamp"

log() { echo "actionlint: $*" >&2; }

if [[ -x "$BIN/actionlint" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
  echo "$BIN/actionlint"
  exit 0
fi

GO="$(command -v go 2>/dev/null || true)"
[[ -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
if [[ -z "$GO" ]]; then
  log "no Go toolchain found (go on PATH or /usr/local/go/bin/go): cannot install actionlint"
  exit 3
fi

mkdir -p "$BIN"
# One install at a time: several test runs may start together.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$BIN/.actionlint.lock"
  flock 9
  if [[ -x "$BIN/actionlint" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
    echo "$BIN/actionlint"
    exit 0
  fi
fi

log "installing github.com/rhysd/actionlint/cmd/actionlint@$VERSION into $BIN (once per machine)..."
GOBIN="$BIN" GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=mod" \
  "$GO" install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" >&2
echo "$VERSION" > "$STAMP"
echo "$BIN/actionlint"
