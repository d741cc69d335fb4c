# Markdown for what the workflows publish (pull request comments, job
# summaries): only the lines meant for it, inside a fence no line can close.
# GitHub masks secrets in logs, not in comments or summaries, so nothing is
# published whole. Source it: functions only.

# The plan's own lines of `pulumi preview --diff --color never` output: the
# steps and their diffs (from "Previewing ..."), a resource's refusal
# ("error: <type> resource '<name>': ..."), the policy results and the
# resource counts. Everything else is dropped, above all the diagnostics,
# which carry whatever the program and its dependencies print.
plan_lines() {
  awk '
    /^Previewing / { keep = 1; print; next }
    /^error: [^ ]+ resource \047[^\047]*\047: / { print; next }
    /^[A-Z][A-Za-z ]*:$/ { keep = ($0 == "Policies:" || $0 == "Resources:") }
    /^[^ \t]/ && !/^[A-Z][A-Za-z ]*:$/ { next }
    keep
  ' "$1"
}

# Stdin inside a code fence longer than any run of backticks in it, so no line
# can end the fence early and turn the rest into markdown. Control characters
# are dropped: they can hide or rewrite text where the output is shown.
# $1: the fence's info string (e.g. diff).
fenced() {
  local text longest fence='```'
  text=$(tr -d '\000-\010\013-\037\177')
  longest=$(printf '%s' "$text" | { grep -o '`\+' || true; } |
    awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')
  while [ "${#fence}" -le "$longest" ]; do fence="$fence\`"; done
  printf '%s%s\n%s\n%s\n' "$fence" "${1:-}" "$text" "$fence"
}

# A stack's plan as markdown: a heading with the preview's outcome, then the
# plan's lines, fenced. A comment holds 65,536 characters: a longer plan keeps
# its end, where the counts are.
# Usage: plan_markdown STACK OUTCOME PLAN_FILE
plan_markdown() {
  local stack="$1" outcome="$2" plan="$3" limit=60000 lines
  local log="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
  if [ "$outcome" = success ]; then
    echo "#### Plan for \`$stack\`: preview passed"
  else
    echo "#### Plan for \`$stack\`: preview FAILED, so applying it would fail ([why]($log))"
  fi
  echo
  lines=$(plan_lines "$plan")
  if [ "${#lines}" -gt "$limit" ]; then
    echo "The start of the plan is left out here; the [job's log]($log) has all of it."
    echo
    lines=$(printf '%s' "$lines" | tail -c "$limit" | sed 1d)
  fi
  printf '%s\n' "$lines" | fenced diff
}
