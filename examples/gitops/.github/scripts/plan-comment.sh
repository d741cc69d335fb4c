#!/usr/bin/env bash
# Posts a stack's preview on the pull request as one comment per stack, and
# edits that comment on later pushes instead of adding another. Only a comment
# this workflow's own bot wrote is edited: anyone can write one that starts
# with the marker, and must not be able to replace or hide the plan.
# Usage: plan-comment.sh PLAN_FILE
#   (env: STACK, PR_NUMBER, OUTCOME, GH_TOKEN, and GitHub's GITHUB_* and RUNNER_TEMP)
set -euo pipefail
# shellcheck source=markdown.sh
source "$(dirname "$0")/markdown.sh"
plan="$1"
marker="<!-- pulumi-plan:$STACK -->"
bot="github-actions[bot]"
body="$RUNNER_TEMP/comment-$STACK.md"
{
  echo "$marker"
  plan_markdown "$STACK" "$OUTCOME" "$plan"
} > "$body"

comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
existing=$(gh api --paginate "$comments" |
  jq -r --arg marker "$marker" --arg bot "$bot" \
    '.[] | select(.user.login == $bot and (.body | startswith($marker))) | .id' |
  tail -n 1)
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$body" >/dev/null
else
  gh api --method POST "$comments" -F "body=@$body" >/dev/null
fi
