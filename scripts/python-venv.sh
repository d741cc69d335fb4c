#!/usr/bin/env bash
# python-venv.sh — make a Python virtualenv holding the Pulumi Python SDK,
# once per machine, for Python Pulumi programs run with the CLI and the Python
# language host that scripts/pulumi-engine.sh builds.
#
# Usage:   PATH="$(bash scripts/python-venv.sh | tail -1):$PATH"
#
# The last line of stdout is the absolute bin directory of the virtualenv;
# progress messages go to stderr. It lives in
# <repo>/.tools/python/pulumi-<version>/ (git-ignored), one per pinned version,
# so changing the pin never pulls a virtualenv from under a running program.
#
# Why first on PATH: the Python language host (github.com/pulumi/pulumi/sdk/v3
# @v3.68.0) runs its runner script with the first `python3` on PATH (or the
# command named by PULUMI_PYTHON_CMD). The current CLI no longer hands it the
# `virtualenv` runtime option of Pulumi.yaml, so that option is ignored and the
# program fails with "No module named 'pulumi'" unless this bin directory
# comes first.
#
# Environment:
#   PULUMI_PYTHON_SDK_VERSION   pulumi version from PyPI (default below: the
#                               newest PyPI serves at or below the CLI's 3.276.0;
#                               it runs under the v3.68.0 runner script)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${PULUMI_PYTHON_SDK_VERSION:-3.272.0}"
CACHE="$REPO/.tools/python"
VENV="$CACHE/pulumi-$VERSION"
STAMP="$VENV/.python-venv.stamp"

log() { echo "python-venv: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The stamp is written only after pip succeeded; asking the interpreter for the
# installed version also catches a virtualenv whose base Python has gone.
venv_ok() {
  [[ -f "$STAMP" && -x "$VENV/bin/python3" ]] &&
    [[ "$("$VENV/bin/python3" -c 'import importlib.metadata as m; print(m.version("pulumi"))' 2>/dev/null)" == "$VERSION" ]]
}

if venv_ok; then
  echo "$VENV/bin"
  exit 0
fi

PYTHON="$(command -v python3 2>/dev/null || true)"
[[ -n "$PYTHON" ]] || die "no python3 on PATH: install Python 3 (with its venv module) to run Python Pulumi programs"

mkdir -p "$CACHE"
# One build at a time (several test runs may start together).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  flock 9
  if venv_ok; then
    echo "$VENV/bin"
    exit 0
  fi
fi

log "making a virtualenv with pulumi==$VERSION in $VENV (once per machine)..."
start=$SECONDS
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" >&2 || {
  rm -rf "$VENV"
  die "$PYTHON -m venv failed: this Python lacks the venv module (on Debian/Ubuntu: apt-get install python3-venv)"
}
"$VENV/bin/python3" -m pip install --disable-pip-version-check --no-input -q "pulumi==$VERSION" >&2 || {
  rm -rf "$VENV"
  die "pip could not install pulumi==$VERSION from PyPI"
}
"$VENV/bin/python3" --version > "$STAMP"
echo "pulumi==$VERSION" >> "$STAMP"
log "done in $((SECONDS - start))s ($(head -1 "$STAMP"))"
echo "$VENV/bin"
