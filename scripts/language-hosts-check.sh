#!/usr/bin/env bash
# language-hosts-check.sh — prove that the Pulumi CLI of scripts/pulumi-engine.sh
# runs Python and YAML programs: one tiny program in each language goes
# through `pulumi up` with a local file backend, and its stack output must
# come back as the program set it. Exits 1 when either does not.
#
# Usage:   bash scripts/language-hosts-check.sh
#
# The Python program runs as users must run theirs with these language hosts:
# the virtualenv of scripts/python-venv.sh first on PATH.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINE_BIN="$(bash "$REPO/scripts/pulumi-engine.sh" | tail -1)"
VENV_BIN="$(bash "$REPO/scripts/python-venv.sh" | tail -1)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Everything Pulumi keeps goes to the temporary folder; nothing is asked of a
# service, and the stack's passphrase protects nothing real.
export PATH="$VENV_BIN:$ENGINE_BIN:$PATH"
export PULUMI_HOME="$WORK/home" PULUMI_CONFIG_PASSPHRASE="check" PULUMI_SKIP_UPDATE_CHECK=1
mkdir -p "$WORK/state"
pulumi login "file://$WORK/state" >/dev/null

# up_and_read LANGUAGE OUTPUT EXPECTED: runs `pulumi up` in $WORK/LANGUAGE and
# compares one stack output with what the program exports.
up_and_read() {
  local lang="$1" output="$2" expected="$3" got
  (
    cd "$WORK/$lang"
    { pulumi stack init check --non-interactive && pulumi up --yes --non-interactive --skip-preview; } \
      >"$WORK/$lang.log" 2>&1 ||
      { cat "$WORK/$lang.log" >&2; echo "FAILED $lang: pulumi up failed (log above)" >&2; exit 1; }
    got="$(pulumi stack output "$output")"
    [[ "$got" == "$expected" ]] ||
      { echo "FAILED $lang: stack output $output is '$got', the program exported '$expected'" >&2; exit 1; }
    echo "OK $lang: pulumi up with $(pulumi about 2>/dev/null | awk -v l="$lang" '$1 == "language" && $2 == l { print "pulumi-language-" l " " $3 }')"
  )
}

mkdir -p "$WORK/python" "$WORK/yaml"
printf 'name: check-python\nruntime: python\n' > "$WORK/python/Pulumi.yaml"
printf 'import pulumi\n\npulumi.export("answer", 6 * 7)\n' > "$WORK/python/__main__.py"
printf 'name: check-yaml\nruntime: yaml\noutputs:\n  greeting: hello from yaml\n' > "$WORK/yaml/Pulumi.yaml"

status=0
up_and_read python answer 42 || status=1
up_and_read yaml greeting "hello from yaml" || status=1
exit "$status"
