// The read functions against a simulator on 127.0.0.1, in the program's process as under
// `pulumi up`: credentials from the `digital99:*` stack config or DIGITAL99_* environment,
// the await and Output variants, and an unknown argument at preview.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PartnersClient } from "../../../provider/client";
import {
  getAccounts,
  getAccountsOutput,
  getAgents,
  getAgentsOutput,
  getBuilders,
  getBuildersOutput,
  getInboxes,
  getInboxesOutput,
} from "../../../provider/functions";
import { closeProgramClient } from "../../../provider/functions/program-client";
import { startSimulator, type Simulator } from "../../../simulator";

const CLIENT_ID = "partner-fn";
const CLIENT_SECRET = "fn-S3cret-never-in-results";
const credentialEnv = [
  "DIGITAL99_CLIENT_ID",
  "DIGITAL99_CLIENT_SECRET",
  "DIGITAL99_ACCESS_TOKEN",
  "DIGITAL99_API_URL",
] as const;

/** Resolves an Output, and says whether it was known. */
function settle<T>(output: pulumi.Output<T>): Promise<{ known: boolean; value: T | undefined }> {
  const internal = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
  return Promise.all([internal.isKnown, internal.promise()]).then(([known, value]) => ({
    known,
    value,
  }));
}

describe("read functions against the simulator", function () {
  let sim: Simulator;
  let acme: { accountId: string; server: string };
  const savedEnv: Record<string, string | undefined> = {};

  before(async () => {
    for (const name of credentialEnv) {
      savedEnv[name] = process.env[name];
      delete process.env[name];
    }
    sim = await startSimulator({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const setup = new PartnersClient({
      apiUrl: sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    const created = await setup.online.createAccount({
      accountName: "Acme Inc",
      agents: 5,
      inboxes: 2,
      adminEmail: "owner@acme.example",
      adminName: "Dana Levi",
      adminDisplayName: "Dana",
      adminPassword: "Adm1n!Pass-not-in-results",
    });
    acme = { accountId: created.accountId, server: created.server };
    await setup.online.createInbox({
      ...acme,
      inboxName: "Support",
      whatsappNumber: "972501234567",
    });
    await setup.builder.createBuilder({ clientName: "Acme builder" });
    await setup.close();
  });

  after(async () => {
    await closeProgramClient();
    await sim?.close();
    for (const name of credentialEnv) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
  });

  beforeEach(async () => {
    await closeProgramClient();
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs as Record<string, unknown>,
      },
      "fn-project",
      "dev",
      true,
    );
    pulumi.runtime.setAllConfig(
      {
        "digital99:apiUrl": sim.url,
        "digital99:clientId": CLIENT_ID,
        "digital99:clientSecret": CLIENT_SECRET,
      },
      ["digital99:clientSecret"],
    );
    sim.resetRequestCounts();
  });

  afterEach(() => {
    pulumi.runtime.setAllConfig({});
  });

  describe("with await, credentials from the stack config", () => {
    it("getAccounts lists the partner's accounts", async () => {
      const { accounts } = await getAccounts();
      assert.deepEqual(
        accounts.map((a) => [a.accountId, a.accountName, a.server, a.status]),
        [[acme.accountId, "Acme Inc", "online", "active"]],
      );
    });

    it("getAgents lists an account's agents, server defaulting to online", async () => {
      const result = await getAgents({ accountId: acme.accountId });
      assert.equal(result.accountId, acme.accountId);
      assert.equal(result.server, "online");
      assert.deepEqual(
        result.agents.map((a) => [a.email, a.role]),
        [["owner@acme.example", "Admin"]],
      );
    });

    it("getInboxes lists an account's inboxes", async () => {
      const result = await getInboxes(acme);
      assert.deepEqual(
        result.inboxes.map((i) => i.name),
        ["Support"],
      );
    });

    it("getBuilders lists the partner's builders", async () => {
      const { builders } = await getBuilders();
      assert.deepEqual(
        builders.map((b) => b.clientName),
        ["Acme builder"],
      );
    });

    it("shares one client, hence one token, across calls", async () => {
      await getAccounts();
      await getBuilders();
      await getAgents(acme);
      assert.equal(sim.requestCount("settings/accessToken"), 1);
    });

    it("puts no credential or password in any result", async () => {
      const all = JSON.stringify([
        await getAccounts(),
        await getAgents(acme),
        await getInboxes(acme),
        await getBuilders(),
      ]);
      for (const secret of [CLIENT_SECRET, "Adm1n!Pass-not-in-results"]) {
        assert.ok(!all.includes(secret));
      }
    });

    it("names the missing credentials when there are none", async () => {
      pulumi.runtime.setAllConfig({ "digital99:apiUrl": sim.url });
      await assert.rejects(getAccounts(), /99digital credentials are not configured/);
      assert.equal(sim.requestCount(), 0);
    });

    it("reports an API refusal with the endpoint", async () => {
      await assert.rejects(getAgents({ accountId: "9999999" }), /online\/getAgents/);
    });
  });

  describe("with the DIGITAL99_* environment", () => {
    afterEach(() => {
      for (const name of credentialEnv) delete process.env[name];
    });

    it("falls back on the environment when the stack config has nothing", async () => {
      pulumi.runtime.setAllConfig({});
      process.env.DIGITAL99_API_URL = sim.url;
      process.env.DIGITAL99_CLIENT_ID = CLIENT_ID;
      process.env.DIGITAL99_CLIENT_SECRET = CLIENT_SECRET;
      const { accounts } = await getAccounts();
      assert.equal(accounts.length, 1);
    });

    it("prefers the stack config over the environment", async () => {
      process.env.DIGITAL99_API_URL = "http://127.0.0.1:9";
      process.env.DIGITAL99_CLIENT_ID = "wrong";
      process.env.DIGITAL99_CLIENT_SECRET = "wrong";
      const { accounts } = await getAccounts();
      assert.equal(accounts.length, 1);
    });
  });

  describe("as Outputs", () => {
    it("getAccountsOutput and getBuildersOutput resolve to the same results", async () => {
      assert.deepEqual((await settle(getAccountsOutput())).value, await getAccounts());
      assert.deepEqual((await settle(getBuildersOutput())).value, await getBuilders());
    });

    it("getAgentsOutput and getInboxesOutput take Outputs as arguments", async () => {
      const args = { accountId: pulumi.output(acme.accountId), server: pulumi.output("online") };
      const agents = await settle(getAgentsOutput(args));
      assert.equal(agents.known, true);
      assert.deepEqual(agents.value, await getAgents(acme));
      const inboxes = await settle(getInboxesOutput(args));
      assert.deepEqual(inboxes.value, await getInboxes(acme));
    });

    it("an unknown accountId at preview gives an unknown Output, and no request", async () => {
      const args = { accountId: pulumi.output(pulumi.unknown) as pulumi.Output<string> };
      const agents = await settle(getAgentsOutput(args));
      const inboxes = await settle(getInboxesOutput({ ...args, server: "online" }));
      assert.equal(agents.known, false);
      assert.equal(inboxes.known, false);
      assert.equal(sim.requestCount(), 0);
    });

    it("a secret argument gives a secret result", async () => {
      const out = getAgentsOutput({ accountId: pulumi.secret(acme.accountId) });
      assert.equal(await pulumi.isSecret(out), true);
    });
  });

  it("does not keep a program's process alive after a call", async function () {
    this.timeout(60000);
    // The compiled package, as a program has it installed (npm test builds dist/ first).
    const entry = path.resolve(__dirname, "..", "..", "..", "dist", "provider", "functions");
    const script =
      `const f = require(${JSON.stringify(entry)});` +
      `f.getAccounts().then((r) => { console.log(r.accounts.length); const done = Date.now();` +
      ` process.on("exit", () => console.log(Date.now() - done)); });`;
    // Asynchronously: the simulator answers from this process's event loop.
    const child = await promisify(execFile)(process.execPath, ["-e", script], {
      env: {
        ...process.env,
        DIGITAL99_API_URL: sim.url,
        DIGITAL99_CLIENT_ID: CLIENT_ID,
        DIGITAL99_CLIENT_SECRET: CLIENT_SECRET,
      },
      encoding: "utf8",
      timeout: 50000,
    });
    const [count, lingeredMs] = child.stdout.trim().split("\n").map(Number);
    assert.equal(count, 1);
    // An idle keep-alive connection lasts 4 s (undici's default); the process must not wait for
    // it. The bound leaves a busy machine time to exit.
    assert.ok(lingeredMs < 2500, `the process lingered ${lingeredMs} ms after its last call`);
  });
});
