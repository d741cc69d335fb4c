// Level 2: `pulumi-99digital adopt --include` against a simulator holding accounts, builders and
// WhatsApp inboxes made through the API: what the module declares for builders and inboxes, how
// inboxes follow their account, names across kinds, exclusion, requests, and bad command lines.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type SimAccount, type Simulator } from "../../../simulator";
import { ProviderRuntime } from "../../../provider/runtime";
import { BuilderProvider } from "../../../provider/resources/builder/provider";
import { WhatsAppInboxProvider } from "../../../provider/resources/whatsapp-inbox/provider";
import {
  BUILDER_TYPE,
  ONLINE_ACCOUNT_TYPE,
  WHATSAPP_INBOX_TYPE,
} from "../../../provider/cli/stack-state";
import {
  cli,
  declared,
  declaredEstate,
  IDENTIFIER,
  requestCount,
  reversingProxy,
  seed,
  seedMore,
  type DeclaredResource,
} from "./helpers";

const NUMBERS = ["972501234567", "972501234568", "972501234569"];

describe("level 2: pulumi-99digital adopt --include builders, inboxes", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  let accounts: SimAccount[];
  let builderIds: string[];
  let inboxIds: string[];
  let tmp: string;
  let numbersFile: string;

  const accountOf = (name: string) => {
    const found = accounts.filter((a) => a.accountName === name);
    assert.equal(found.length, 1, name);
    return found[0];
  };

  before(async () => {
    sim = await startSimulator({ port: 0, servers: ["online", "eu1"] });
    // One at a time, so ids follow the list.
    for (const account of [
      { accountName: "Acme Inc", inboxes: 2 },
      { accountName: "Beta" },
      { accountName: "Gamma", server: "eu1" },
      // Its base name is the one the builder "Solo" would get: names are unique across kinds.
      { accountName: "Solo Builder" },
    ])
      await seed(sim, [account]);
    accounts = sim.accounts();
    const ref = (name: string) => {
      const { server, accountId } = accountOf(name);
      return { server, accountId: String(accountId) };
    };
    const acme = ref("Acme Inc");
    const beta = ref("Beta");
    ({ builderIds, inboxIds } = await seedMore(
      sim,
      ["Acme Inc", "Acme Inc", "Solo"],
      [
        { ...acme, inboxName: "Support", whatsappNumber: NUMBERS[0] },
        { ...acme, inboxName: "Sales", whatsappNumber: NUMBERS[1] },
        { ...beta, inboxName: "Support", whatsappNumber: NUMBERS[2] },
      ],
    ));
    env = {
      DIGITAL99_API_URL: sim.url,
      DIGITAL99_CLIENT_ID: sim.clientId,
      DIGITAL99_CLIENT_SECRET: sim.clientSecret,
    };
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-estate-"));
    numbersFile = path.join(tmp, "numbers.json");
    fs.writeFileSync(
      numbersFile,
      JSON.stringify(Object.fromEntries(inboxIds.map((id, i) => [id, NUMBERS[i]]))),
    );
  });
  after(async () => {
    await sim.close();
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const ALL = () => [
    "adopt",
    "--include",
    "accounts,builders,inboxes",
    "--whatsapp-numbers",
    numbersFile,
  ];
  const ofKind = (resources: DeclaredResource[], kind: DeclaredResource["kind"]) =>
    resources.filter((r) => r.kind === kind);

  describe("the module", () => {
    let run: Awaited<ReturnType<typeof cli>>;
    let resources: DeclaredResource[];
    before(async () => {
      sim.resetRequestCounts();
      run = await cli([...ALL(), "--quiet"], env);
      assert.equal(run.code, 0, run.stderr);
      resources = declaredEstate(run.stdout);
    });

    it("declares one Builder per builder, taken over by existingBuilder with its client name", () => {
      const builders = ofKind(resources, "Builder");
      assert.deepEqual(
        builders.map((b) => b.args),
        builderIds.map((id, i) => ({
          existingBuilder: id,
          clientName: ["Acme Inc", "Acme Inc", "Solo"][i],
        })),
      );
      assert.ok(builders.every((b) => b.deletedWith === undefined));
    });

    it("declares one WhatsAppInbox per inbox, following its account's outputs and deletedWith it", () => {
      const acme = resources.find((r) => r.args.accountName === "Acme Inc")!;
      const beta = resources.find((r) => r.args.accountName === "Beta")!;
      const inboxes = ofKind(resources, "WhatsAppInbox");
      const expected = [
        [inboxIds[0], acme, "Support", NUMBERS[0]],
        [inboxIds[1], acme, "Sales", NUMBERS[1]],
        [inboxIds[2], beta, "Support", NUMBERS[2]],
      ] as const;
      assert.deepEqual(
        inboxes.map((i) => ({ args: i.args, deletedWith: i.deletedWith })),
        expected.map(([id, account, inboxName, whatsappNumber]) => ({
          args: {
            existingInbox: id,
            accountId: `${account.name}.accountId`,
            server: `${account.name}.server`,
            inboxName,
            whatsappNumber,
          },
          deletedWith: account.name,
        })),
      );
    });

    it("still declares every account as before, first, and exports each resource under its unique name", () => {
      assert.deepEqual(
        resources.map((r) => r.kind),
        [
          ...accounts.map(() => "OnlineAccount"),
          ...builderIds.map(() => "Builder"),
          ...inboxIds.map(() => "WhatsAppInbox"),
        ],
      );
      const names = resources.map((r) => r.name);
      assert.equal(new Set(names).size, names.length);
      for (const r of resources) {
        assert.match(r.name, IDENTIFIER);
        assert.equal(r.exportName, r.name);
      }
    });

    it("names builders and inboxes after their client, account and inbox, suffixed by id on a clash", () => {
      const nameOf = (kind: DeclaredResource["kind"], key: string, value: string) =>
        resources.find((r) => r.kind === kind && r.args[key] === value)?.name;
      const [acme1, acme2, solo] = builderIds;
      assert.equal(nameOf("Builder", "existingBuilder", acme1), `acmeIncBuilder_${acme1}`);
      assert.equal(nameOf("Builder", "existingBuilder", acme2), `acmeIncBuilder_${acme2}`);
      // The account "Solo Builder" holds the bare name.
      assert.equal(nameOf("OnlineAccount", "accountName", "Solo Builder"), "soloBuilder");
      assert.equal(nameOf("Builder", "existingBuilder", solo), `soloBuilder_${solo}`);
      assert.equal(nameOf("WhatsAppInbox", "existingInbox", inboxIds[0]), "acmeIncSupportInbox");
      assert.equal(nameOf("WhatsAppInbox", "existingInbox", inboxIds[1]), "acmeIncSalesInbox");
      assert.equal(nameOf("WhatsAppInbox", "existingInbox", inboxIds[2]), "betaSupportInbox");
    });

    it("sends one getAccounts, one getBuilders and one getInboxes per account, nothing else", () => {
      assert.deepEqual(sim.requestCounts(), {
        "settings/accessToken": 1,
        "builder/getBuilders": 1,
        "online/getAccounts": 1,
        "online/getInboxes": accounts.length,
      });
    });

    it("is byte for byte the same on a second run and when the API lists accounts in another order", async () => {
      const again = await cli([...ALL(), "--quiet"], env);
      assert.equal(again.stdout, run.stdout);
      const proxy = await reversingProxy(sim);
      try {
        const reordered = await cli([...ALL(), "--quiet"], {
          ...env,
          DIGITAL99_API_URL: proxy.url,
        });
        assert.equal(reordered.code, 0, reordered.stderr);
        assert.equal(reordered.stdout, run.stdout);
      } finally {
        await proxy.close();
      }
    });

    it("records --include in the header", () => {
      assert.match(
        run.stdout,
        /selected by: pulumi-99digital adopt --include accounts,builders,inboxes --whatsapp-numbers '<numbers file>'\n/,
      );
    });

    it("passes the Builder and WhatsAppInbox providers' checks against the API", async () => {
      const runtime = new ProviderRuntime({ env: {}, warn: () => undefined });
      const config: Record<string, string> = {
        "digital99:apiUrl": sim.url,
        "digital99:clientId": sim.clientId,
        "digital99:clientSecret": sim.clientSecret,
      };
      runtime.configure((key) => config[key]);
      try {
        const builders = new BuilderProvider(runtime);
        const inboxes = new WhatsAppInboxProvider(runtime);
        // What an account's outputs resolve to once the engine has read it.
        const outputs = new Map<string, string>();
        for (const r of ofKind(resources, "OnlineAccount")) {
          const [server, accountId] = String(r.args.existingAccount).split("/");
          outputs.set(`${r.name}.accountId`, accountId);
          outputs.set(`${r.name}.server`, server);
        }
        const resolved = (args: Record<string, unknown>) =>
          Object.fromEntries(
            Object.entries(args).map(([k, v]) => [k, outputs.get(String(v)) ?? v]),
          );
        for (const [i, r] of resources.entries()) {
          if (r.kind === "OnlineAccount") continue;
          const provider = r.kind === "Builder" ? builders : inboxes;
          const { failures } = await provider.check(
            {},
            { ...resolved(r.args), resourceKey: `key${i}` },
          );
          assert.deepEqual(failures ?? [], [], r.name);
        }
      } finally {
        await runtime.close();
      }
    });
  });

  it("declares accounts alone by default, byte for byte as --include accounts", async () => {
    const byDefault = await cli(["adopt", "--quiet"], env);
    const explicit = await cli(["adopt", "--quiet", "--include", "accounts"], env);
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.equal(explicit.stdout, byDefault.stdout);
    assert.equal(declared(byDefault.stdout).length, accounts.length);
    assert.doesNotMatch(byDefault.stdout, /Builder\(|WhatsAppInbox\(|--include/);
  });

  it("--include builders reads only getBuilders", async () => {
    sim.resetRequestCounts();
    const run = await cli(["adopt", "--quiet", "--include", "builders"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      declaredEstate(run.stdout).map((r) => r.kind),
      builderIds.map(() => "Builder"),
    );
    assert.deepEqual(sim.requestCounts(), { "settings/accessToken": 1, "builder/getBuilders": 1 });
  });

  it("--include inboxes without accounts gives each inbox its account as literal values", async () => {
    const run = await cli(
      ["adopt", "--quiet", "--include", "inboxes", "--whatsapp-numbers", numbersFile],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const inboxes = declaredEstate(run.stdout);
    const acme = accountOf("Acme Inc");
    assert.deepEqual(inboxes[0], {
      kind: "WhatsAppInbox",
      exportName: "acmeIncSupportInbox",
      name: "acmeIncSupportInbox",
      args: {
        existingInbox: inboxIds[0],
        accountId: String(acme.accountId),
        server: acme.server,
        inboxName: "Support",
        whatsappNumber: NUMBERS[0],
      },
    });
    assert.equal(inboxes.length, inboxIds.length);
  });

  it("--name keeps the inboxes of the accounts it keeps, one getInboxes each", async () => {
    sim.resetRequestCounts();
    const run = await cli([...ALL(), "--quiet", "--name", "beta"], env);
    assert.equal(run.code, 0, run.stderr);
    const resources = declaredEstate(run.stdout);
    assert.deepEqual(
      ofKind(resources, "WhatsAppInbox").map((r) => r.args.existingInbox),
      [inboxIds[2]],
    );
    assert.equal(sim.requestCount("online/getInboxes"), 1);
  });

  it("leaves out an inbox the numbers file does not cover, and says so on stderr even with --quiet", async () => {
    const partial = path.join(tmp, "partial.json");
    fs.writeFileSync(partial, JSON.stringify({ [inboxIds[0]]: NUMBERS[0] }));
    const run = await cli(
      ["adopt", "--quiet", "--include", "accounts,inboxes", "--whatsapp-numbers", partial],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const inboxes = ofKind(declaredEstate(run.stdout), "WhatsAppInbox");
    assert.deepEqual(
      inboxes.map((i) => i.args.existingInbox),
      [inboxIds[0]],
    );
    for (const id of inboxIds.slice(1)) {
      assert.match(
        run.stderr,
        new RegExp(`inbox ${id} \\(".*"\\) left out: .* gives no WhatsApp number`),
      );
    }
  });

  describe("--exclude-stack-state", () => {
    const urn = (type: string, name: string) => `urn:pulumi:dev::partner::${type}::${name}`;
    let file: string;
    before(() => {
      file = path.join(tmp, "stack.json");
      const resources = [
        { urn: urn(BUILDER_TYPE, "first"), type: BUILDER_TYPE, id: builderIds[0] },
        {
          urn: urn(BUILDER_TYPE, "acmeIncSupportInbox"),
          type: BUILDER_TYPE,
          inputs: { existingBuilder: builderIds[2] },
        },
        { urn: urn(WHATSAPP_INBOX_TYPE, "sales"), type: WHATSAPP_INBOX_TYPE, id: inboxIds[1] },
        {
          urn: urn(WHATSAPP_INBOX_TYPE, "betaSupport"),
          type: WHATSAPP_INBOX_TYPE,
          inputs: { existingInbox: inboxIds[2] },
        },
        { urn: urn(ONLINE_ACCOUNT_TYPE, "acme"), type: ONLINE_ACCOUNT_TYPE, id: "online/999" },
      ];
      fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources } }));
    });

    it("skips builders and inboxes the stack manages, by id and by existingBuilder/existingInbox, and reserves their names", async () => {
      const run = await cli([...ALL(), "--quiet", "--exclude-stack-state", file], env);
      assert.equal(run.code, 0, run.stderr);
      const resources = declaredEstate(run.stdout);
      assert.deepEqual(
        ofKind(resources, "Builder").map((r) => r.args.existingBuilder),
        [builderIds[1]],
      );
      const inboxes = ofKind(resources, "WhatsAppInbox");
      assert.deepEqual(
        inboxes.map((r) => r.args.existingInbox),
        [inboxIds[0]],
      );
      // A builder of the stack holds the name the inbox would get.
      assert.equal(inboxes[0].name, `acmeIncSupportInbox_${inboxIds[0].split("/")[2]}`);
    });

    it("counts each kind in the --dry-run summary and writes nothing", async () => {
      const out = path.join(tmp, "dry.ts");
      const run = await cli(
        [...ALL(), "--exclude-stack-state", file, "--dry-run", "--out", out],
        env,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!fs.existsSync(out));
      assert.match(
        run.stdout,
        /builders:\n +reported by the API +3\n +already managed by the stack +2\n +to adopt +1\n/,
      );
      assert.match(
        run.stdout,
        /inboxes \(of the accounts the filters keep\):\n +reported by the API +3\n +already managed by the stack +2\n +left out: no WhatsApp number +0\n +to adopt +1\n/,
      );
      assert.match(
        run.stdout,
        new RegExp(
          `: ${accounts.length} OnlineAccount resources, 1 Builder resources, 1 WhatsAppInbox resources\\n`,
        ),
      );
    });
  });

  describe("bad command lines: exit 2, name the flag, read nothing", () => {
    const write = (name: string, text: string) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const cases: Array<[string, () => string[], RegExp]> = [
      [
        "an unknown kind",
        () => ["--include", "accounts,agents"],
        /--include "agents": must be one or more of accounts, builders, inboxes/,
      ],
      [
        "inboxes without numbers",
        () => ["--include", "inboxes"],
        /--include inboxes needs --whatsapp-numbers FILE/,
      ],
      [
        "numbers without inboxes",
        () => ["--whatsapp-numbers", numbersFile],
        /--whatsapp-numbers is for inboxes/,
      ],
      [
        "--import-file with builders",
        () => ["--include", "accounts,builders", "--import-file", path.join(tmp, "import.json")],
        /--import-file covers accounts only/,
      ],
      [
        "a numbers file that is not an object",
        () => ["--include", "inboxes", "--whatsapp-numbers", write("list.json", "[]")],
        /--whatsapp-numbers .*list\.json: it must be a JSON object/,
      ],
      [
        "a malformed inbox id",
        () => [
          "--include",
          "inboxes",
          "--whatsapp-numbers",
          write("id.json", '{"online/8":"972501234567"}'),
        ],
        /"online\/8" is not an inbox id <server>\/<accountId>\/<inboxId>/,
      ],
      [
        "a number with +",
        () => [
          "--include",
          "inboxes",
          "--whatsapp-numbers",
          write("plus.json", '{"online/8/1":"+972501234567"}'),
        ],
        /the number of online\/8\/1 must be international digits without "\+"/,
      ],
      [
        "a number given twice",
        () => [
          "--include",
          "inboxes",
          "--whatsapp-numbers",
          write("twice.json", '{"online/8/1":"972501234567","online/9/2":"972501234567"}'),
        ],
        /972501234567 is given for online\/8\/1 and online\/9\/2: a number is in one inbox only/,
      ],
    ];
    for (const [what, argv, message] of cases) {
      it(what, async () => {
        const before = await requestCount(sim);
        const run = await cli(["adopt", ...argv()], env);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, "");
        assert.equal(await requestCount(sim), before);
      });
    }
  });
});
