// What pulumi-99digital prints may quote names from the API; none of it may act on the terminal
// or the CI log that shows it (provider/printable.ts).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { summarize } from "../../../provider/cli/summary";
import { startSimulator, type Simulator } from "../../../simulator";
import { ACTING, cli, seed, seedMore } from "./helpers";

describe("level 2: what adopt prints on the terminal", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let tmp: string;
  before(async () => {
    sim = await startSimulator({ port: 0 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-terminal-"));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("escapes control and bidi characters of an inbox name it reports on stderr", async () => {
    await seed(sim, [{ accountName: "Acme" }]);
    const { server, accountId } = sim.accounts()[0];
    const inboxName = "\u001b[2J\u202eSupport\u2066\u0085::error::forged";
    await seedMore(
      sim,
      [],
      [{ server, accountId: String(accountId), inboxName, whatsappNumber: "972501234567" }],
    );
    const numbers = path.join(tmp, "numbers.json");
    fs.writeFileSync(numbers, "{}");
    const run = await cli(
      ["adopt", "--quiet", "--include", "accounts,inboxes", "--whatsapp-numbers", numbers],
      {
        DIGITAL99_API_URL: sim.url,
        DIGITAL99_CLIENT_ID: sim.clientId,
        DIGITAL99_CLIENT_SECRET: sim.clientSecret,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /\("\\u001b\[2J\\u202eSupport\\u2066\\u0085::error::forged"\) left out/,
    );
    assert.doesNotMatch(run.stderr, ACTING);
    assert.doesNotMatch(run.stdout, ACTING);
  });

  it("keeps each server the --dry-run summary counts on its own line", () => {
    const server = "eu1\n::error::forged";
    const summary = summarize({
      reported: 1,
      managed: 0,
      filtered: 0,
      named: [
        {
          name: "acme",
          account: { accountId: "1", accountName: "Acme", server, status: "active", createdAt: 0 },
        },
      ],
    });
    assert.match(summary, /\n {4}eu1\\u000a::error::forged: 1 active, 0 suspended\n/);
    assert.doesNotMatch(summary, /\n::error::/);
  });
});
