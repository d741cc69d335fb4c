// The kit's plan comment (.github/scripts/plan-comment.sh), run with bash and
// jq as CI runs it, against a stand-in `gh` that serves the pull request's
// comments and records what the script posts: only the plan's lines reach
// the comment, inside a fence nothing in them can close, and only a comment
// the workflow's own bot wrote is edited.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gitopsDir } from "./workflow-commands";

const script = path.join(gitopsDir, ".github", "scripts", "plan-comment.sh");
const BOT = "github-actions[bot]";
const marker = "<!-- pulumi-plan:staging -->";

// `pulumi preview --diff --color never` output: a line before the plan, the
// plan with a resource's refusal and another error, diagnostics with what the
// program printed, policies, the counts, the packs that ran.
const fiveTicks = "`````";
const printed = "debug: token=hunter2-printed-by-the-program";
const preview = [
  "Loading policy packs...",
  "Previewing update (staging):",
  "  pulumi:pulumi:Stack: (same)",
  "    [urn=urn:pulumi:staging::partner-accounts::pulumi:pulumi:Stack::partner-accounts-staging]",
  "    + pulumi-nodejs:dynamic/99digital:OnlineAccount: (create)",
  "        [urn=urn:pulumi:staging::partner-accounts::pulumi-nodejs:dynamic/99digital:OnlineAccount::acme]",
  `        accountName       : "Acme ${fiveTicks} Inc"`,
  "        adminPassword     : [secret]",
  "error: pulumi-nodejs:dynamic/99digital:OnlineAccount resource 'acme': changing agents would replace the account",
  "error: something else went wrong",
  "Diagnostics:",
  "  pulumi:pulumi:Stack (partner-accounts-staging):",
  `    ${printed}`,
  "",
  "Policies:",
  "    ✅ pulumi-99digital-policy@v0.1.0 (local: policy)",
  "",
  "Resources:",
  "    + 2 to create",
  "",
  "Policy Packs run:",
  "    99digital|local|/home/runner/work/accounts/policy  0.1.0",
].join("\n");

interface Posted {
  calls: string[];
  body: string;
}

/** Runs the script with `comments` as the pull request's comments. */
function postPlan(
  comments: { id: number; login: string; body: string }[],
  outcome = "success",
): Posted {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-comment-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  // Two pages, as `gh api --paginate` prints them: one JSON array after another.
  const pages = [comments.slice(0, 1), comments.slice(1)].map((page) =>
    JSON.stringify(page.map(({ id, login, body }) => ({ id, user: { login }, body }))),
  );
  fs.writeFileSync(path.join(dir, "comments.json"), pages.join("\n"));
  fs.writeFileSync(
    path.join(bin, "gh"),
    [
      "#!/usr/bin/env bash",
      'echo "$*" >> "$FAKE/calls"',
      // gh filters with --jq itself when asked to: jq does the same here.
      'if [ "$2" = --paginate ] && [ "${4:-}" = --jq ]; then jq -r "$5" "$FAKE/comments.json";',
      'elif [ "$2" = --paginate ]; then cat "$FAKE/comments.json"; fi',
      'for a in "$@"; do case "$a" in body=@*) cp "${a#body=@}" "$FAKE/body";; esac; done',
    ].join("\n"),
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(dir, "plan.txt"), preview);
  const run = spawnSync("bash", [script, path.join(dir, "plan.txt")], {
    encoding: "utf8",
    env: {
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
      FAKE: dir,
      STACK: "staging",
      OUTCOME: outcome,
      PR_NUMBER: "7",
      GH_TOKEN: "token",
      GITHUB_REPOSITORY: "partner/accounts",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "42",
      RUNNER_TEMP: dir,
    },
  });
  assert.equal(run.status, 0, `plan-comment.sh failed:\n${run.stdout}${run.stderr}`);
  const posted = {
    calls: fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n"),
    body: fs.readFileSync(path.join(dir, "body"), "utf8"),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return posted;
}

const writeCall = (posted: Posted) => posted.calls.find((c) => c.includes("--method"));

describe("gitops: the plan comment", function () {
  this.timeout(30_000);

  it("holds the plan, a resource's refusal, the policies and the counts, and nothing the program printed", () => {
    const { body } = postPlan([]);
    assert.ok(body.startsWith(`${marker}\n#### Plan for \`staging\`: preview passed`), body);
    for (const line of [
      "Previewing update (staging):",
      "(create)",
      "adminPassword     : [secret]",
      "resource 'acme': changing agents would replace the account",
      "✅",
      "+ 2 to create",
    ]) {
      assert.ok(body.includes(line), `missing ${line}:\n${body}`);
    }
    for (const line of [
      printed,
      "Diagnostics:",
      "Loading policy packs",
      "something else went wrong",
      "Policy Packs run:",
    ]) {
      assert.ok(!body.includes(line), `published ${line}:\n${body}`);
    }
  });

  it("fences the plan with more backticks than any run inside it", () => {
    const { body } = postPlan([]);
    const fences = body.split("\n").filter((line) => /^`{3,}/.test(line));
    assert.deepEqual(fences, ["``````diff", "``````"]);
    const inside = body.slice(
      body.indexOf(fences[0]) + fences[0].length,
      body.lastIndexOf(fences[1]),
    );
    assert.ok(inside.includes(`Acme ${fiveTicks} Inc`), "the name is shown as it is");
  });

  it("edits the bot's own comment, not a newer one anyone else wrote with the marker", () => {
    const posted = postPlan([
      { id: 11, login: BOT, body: `${marker}\nold plan` },
      { id: 12, login: "mallory", body: `${marker}\nnothing to see` },
      { id: 13, login: BOT, body: "<!-- pulumi-plan:production -->\nanother stack" },
    ]);
    assert.match(
      writeCall(posted)!,
      /^api --method PATCH repos\/partner\/accounts\/issues\/comments\/11 /,
    );
  });

  it("adds a comment when only others carry the marker", () => {
    const posted = postPlan([{ id: 12, login: "mallory", body: `${marker}\nnothing to see` }]);
    assert.match(
      writeCall(posted)!,
      /^api --method POST repos\/partner\/accounts\/issues\/7\/comments /,
    );
  });

  it("says a failed preview failed, and links the log that says why", () => {
    const { body } = postPlan([], "failure");
    assert.match(
      body,
      /preview FAILED.*\(\[why\]\(https:\/\/github\.com\/partner\/accounts\/actions\/runs\/42\)\)/,
    );
  });
});
