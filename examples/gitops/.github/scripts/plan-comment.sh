#!/usr/bin/env bash
# Posts a stack's preview on the pull request as one comment per stack, and
# edits that comment on later pushes instead of adding another.
# Usage: plan-comment.sh PLAN_FILE   (env: STACK, PR_NUMBER, OUTCOME, GH_TOKEN)
set -euo pipefail
plan="$1"
marker="<!-- pulumi-plan:$STACK -->"
body="$RUNNER_TEMP/comment-$STACK.md"
{
  echo "$marker"
  if [ "$OUTCOME" = success ]; then
    echo "#### Plan for \`$STACK\`: preview passed"
  else
    echo "#### Plan for \`$STACK\`: preview FAILED (the merge would not apply)"
  fi
  echo
  echo '```diff'
  # A comment holds 65,536 characters: keep the end, where the summary is.
  tail -c 60000 "$plan"
  echo '```'
} > "$body"

comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
existing=$(gh api --paginate "$comments" \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | tail -n 1)
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$body" >/dev/null
else
  gh api --method POST "$comments" -F "body=@$body" >/dev/null
fi
