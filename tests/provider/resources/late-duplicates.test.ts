import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as path from "node:path";
import type { AccountSummary } from "../../../provider/client";
import { PartnersClient } from "../../../provider/client";
import { derivedReference } from "../../../provider/resources/reference";
import { ProviderRuntime } from "../../../provider/runtime";
import {
  lateDuplicatesOf,
  lateDuplicateWarning,
  removalCommand,
} from "../../../provider/resources/late-duplicates";
import { startSimulator, type Simulator } from "../../../simulator";

const reference = derivedReference("proj", "dev", "acme");
const account = (accountId: string, overrides: Partial<AccountSummary> = {}): AccountSummary => ({
  accountId,
  accountName: "Acme Inc",
  server: "online",
  status: "active",
  reference,
  createdAt: 1_700_000_000,
  ...overrides,
});
const state = { accountId: "7", server: "online", accountName: "Acme Inc", reference };

describe("late duplicates: other accounts with a resource's derived reference", () => {
  it("finds the accounts with the same derived reference, name and server, the kept one aside", () => {
    const list = [
      account("7"),
      account("9", { accountName: " Acme Inc " }),
      account("10", { server: "eu" }),
      account("11", { accountName: "Acme Group" }),
      account("12", { reference: "crm1" }),
    ];
    assert.deepEqual(
      lateDuplicatesOf(list, state).map((a) => a.accountId),
      ["9"],
    );
  });

  it("finds none under a partner-given reference, even one shaped like a derived one", () => {
    const partners = [
      { ...state, reference: "crm42" },
      { ...state, reference: "pulumiAcme42" },
      { ...state, referenceDerived: false },
    ];
    for (const s of partners) {
      const list = [
        account("7", { reference: s.reference }),
        account("9", { reference: s.reference }),
      ];
      assert.deepEqual(lateDuplicatesOf(list, s), [], s.reference);
    }
  });

  it("warns with both ids and a command per extra account", () => {
    const warning = lateDuplicateWarning(state, [account("9"), account("10")]);
    assert.match(
      warning,
      /online\/9, online\/10 carry the same derived reference.*online\/7 stays managed/,
    );
    assert.match(warning, /not deleted, because they may have been used since/);
    assert.equal(warning.match(/node -e/g)?.length, 2);
  });

  it("reaches the log with the account's name on its line, control and bidi characters escaped", () => {
    const logged: string[] = [];
    const runtime = new ProviderRuntime({ warn: (message) => logged.push(message) });
    const accountName = "Acme\n::error::forged\u202e\u001b[2J";
    runtime.warn(lateDuplicateWarning({ ...state, accountName }, [account("9", { accountName })]));
    assert.equal(logged.length, 1);
    for (const acting of ["\n", "\u001b", "\u202e"]) assert.ok(!logged[0].includes(acting));
    assert.match(logged[0], /OnlineAccount "Acme\\n::error::forged\\u202e\\u001b\[2J" \(online\/7/);
  });

  it("never puts an id that is not a number into a shell command", () => {
    const command = removalCommand({ server: "online", accountId: "7'; rm -rf ~; '" });
    assert.doesNotMatch(command, /node -e/);
  });

  describe("the removal command, run as a user would", function () {
    this.timeout(30_000);
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ port: 0 });
    });
    after(async () => {
      await sim.close();
    });

    it("deletes exactly the extra account with the installed package", async () => {
      const client = new PartnersClient({
        apiUrl: sim.url,
        clientId: sim.clientId,
        clientSecret: sim.clientSecret,
      });
      const params = {
        accountName: "Acme Inc",
        agents: 2,
        inboxes: 1,
        adminEmail: "owner@acme.example",
        adminName: "Dana",
        adminDisplayName: "Dana",
        adminPassword: "Str0ng!Pass",
        reference,
      };
      const kept = await client.online.createAccount(params);
      const extra = await client.online.createAccount(params);
      const [duplicate] = lateDuplicatesOf(await client.online.getAccounts(), {
        ...state,
        accountId: kept.accountId,
      });
      await client.close();
      assert.equal(duplicate.accountId, extra.accountId);

      // The repository root stands for the program's directory: the package resolves there.
      // Asynchronously: the simulator answers from this process.
      const { stdout } = await promisify(execFile)("sh", ["-c", removalCommand(duplicate)], {
        cwd: path.resolve(__dirname, "..", "..", ".."),
        env: {
          PATH: process.env.PATH,
          DIGITAL99_API_URL: sim.url,
          DIGITAL99_CLIENT_ID: sim.clientId,
          DIGITAL99_CLIENT_SECRET: sim.clientSecret,
        },
        encoding: "utf8",
      });
      assert.match(stdout, new RegExp(`deleted online/${extra.accountId}`));
      assert.deepEqual(
        sim.accounts().map((a) => String(a.accountId)),
        [kept.accountId],
      );
    });
  });
});
