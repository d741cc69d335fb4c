// Level 2: `pulumi-99digital adopt` against a simulator holding an estate made through the API,
// as a partner's own scripts made it: two servers, suspended accounts, Hebrew names,
// punctuation, and names several accounts share.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type SimAccount, type Simulator } from "../../../simulator";
import { parseAdoptArgs } from "../../../provider/cli/adopt-args";
import { resolveCredentials } from "../../../provider/cli/credentials";
import { ONLINE_ACCOUNT_TYPE } from "../../../provider/cli/stack-state";
import {
  cli,
  declared,
  IDENTIFIER,
  requestCount,
  reversingProxy,
  seed,
  type SeedAccount,
} from "./helpers";

const CLIENT_ID = "partner-adopt";
const SECRET = "adopt-Cl1ent-S3cret-value";

const estate: SeedAccount[] = [
  { accountName: "Acme Inc", reference: "crm1" },
  { accountName: "Acme Inc" },
  { accountName: "ACME inc.", server: "eu1" },
  { accountName: 'שלום עולם בע"מ', status: "suspended", reference: "crm4" },
  { accountName: "מכולת השכונה", server: "eu1" },
  { accountName: "O'Brien & Sons, Ltd.", status: "suspended" },
  { accountName: "Café Müller", server: "eu1", reference: "crm7" },
  { accountName: "24/7 Shop" },
  { accountName: "class" },
  { accountName: 'Quote " and \\ backslash' },
  { accountName: "中文公司", server: "eu1", status: "suspended" },
  { accountName: "Beta" },
];

describe("level 2: pulumi-99digital adopt", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  let accounts: SimAccount[];
  let tmp: string;

  before(async () => {
    sim = await startSimulator({
      port: 0,
      servers: ["online", "eu1"],
      clientId: CLIENT_ID,
      clientSecret: SECRET,
    });
    // One at a time, so ids follow the list and the expected names below are fixed.
    for (const account of estate) await seed(sim, [account]);
    accounts = sim.accounts();
    env = {
      DIGITAL99_API_URL: sim.url,
      DIGITAL99_CLIENT_ID: CLIENT_ID,
      DIGITAL99_CLIENT_SECRET: SECRET,
    };
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-"));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The ids of the two online accounts named "Acme Inc", in creation order. */
  const acmeIds = () =>
    accounts.filter((a) => a.accountName === "Acme Inc").map((a) => a.accountId);
  const idOf = (name: string, server = "online") => {
    const found = accounts.filter((a) => a.accountName === name && a.server === server);
    assert.equal(found.length, 1, `${server}: ${name}`);
    return `${server}/${found[0].accountId}`;
  };

  describe("the module", () => {
    let run: Awaited<ReturnType<typeof cli>>;
    before(async () => {
      run = await cli(["adopt"], env);
    });

    it("declares exactly one OnlineAccount per account, with existingAccount and the API's fields", () => {
      assert.equal(run.code, 0, run.stderr);
      const resources = declared(run.stdout);
      assert.equal(resources.length, accounts.length);
      for (const account of accounts) {
        const key = `${account.server}/${account.accountId}`;
        const matches = resources.filter((r) => r.args.existingAccount === key);
        assert.equal(matches.length, 1, key);
        assert.deepEqual(matches[0].args, {
          existingAccount: key,
          accountName: account.accountName,
          status: account.status,
          ...(account.reference !== "" && { reference: account.reference }),
        });
      }
    });

    it("names each resource readably, uniquely, as a valid identifier it is exported under", () => {
      const resources = declared(run.stdout);
      const names = resources.map((r) => r.name);
      assert.equal(new Set(names).size, names.length);
      for (const r of resources) {
        assert.match(r.name, IDENTIFIER);
        assert.equal(r.exportName, r.name);
      }
      const byKey = Object.fromEntries(resources.map((r) => [r.args.existingAccount, r.name]));
      const [acme1, acme2] = acmeIds();
      const acmeEu = idOf("ACME inc.", "eu1").split("/")[1];
      assert.deepEqual(
        [
          byKey[`online/${acme1}`],
          byKey[`online/${acme2}`],
          byKey[idOf("ACME inc.", "eu1")],
          byKey[idOf('שלום עולם בע"מ')],
          byKey[idOf("מכולת השכונה", "eu1")],
          byKey[idOf("O'Brien & Sons, Ltd.")],
          byKey[idOf("Café Müller", "eu1")],
          byKey[idOf("24/7 Shop")],
          byKey[idOf("class")],
          byKey[idOf("中文公司", "eu1")],
          byKey[idOf("Beta")],
        ],
        [
          `acmeInc_${acme1}`,
          `acmeInc_${acme2}`,
          `acmeInc_${acmeEu}`,
          "shlvmEvlmBem",
          "mkvltHshkvnh",
          "obrienSonsLtd",
          "cafeMuller",
          "account247Shop",
          "classAccount",
          "u4e2dU6587U516cU53f8",
          "beta",
        ],
      );
    });

    it("keeps every name's text intact, quotes and backslashes included", () => {
      const quoted = declared(run.stdout).find(
        (r) => r.args.existingAccount === idOf('Quote " and \\ backslash'),
      );
      assert.equal(quoted?.args.accountName, 'Quote " and \\ backslash');
      assert.equal(quoted?.name, "quoteAndBackslash");
    });

    it("is byte for byte the same on a second run", async () => {
      const again = await cli(["adopt"], env);
      assert.equal(again.stdout, run.stdout);
    });

    it("is byte for byte the same when the API lists the accounts in another order", async () => {
      const proxy = await reversingProxy(sim);
      try {
        const reversed = await cli(["adopt"], { ...env, DIGITAL99_API_URL: proxy.url });
        assert.equal(reversed.code, 0, reversed.stderr);
        assert.equal(reversed.stdout, run.stdout);
      } finally {
        await proxy.close();
      }
    });

    it("reports progress on stderr, and nothing there with --quiet", async () => {
      assert.match(run.stderr, /reading the accounts from http:\/\/127\.0\.0\.1:\d+\/api\.\.\./);
      assert.match(run.stderr, new RegExp(`${accounts.length} accounts reported`));
      const quiet = await cli(["adopt", "--quiet"], env);
      assert.equal(quiet.stderr, "");
      assert.equal(quiet.stdout, run.stdout);
    });
  });

  describe("filters", () => {
    const keysOf = async (...argv: string[]) => {
      const run = await cli(["adopt", ...argv], env);
      assert.equal(run.code, 0, run.stderr);
      return declared(run.stdout)
        .map((r) => r.args.existingAccount as string)
        .sort();
    };
    const keysWhere = (keep: (a: SimAccount) => boolean) =>
      accounts
        .filter(keep)
        .map((a) => `${a.server}/${a.accountId}`)
        .sort();

    it("--server keeps the accounts of the servers named", async () => {
      assert.deepEqual(
        await keysOf("--server", "eu1"),
        keysWhere((a) => a.server === "eu1"),
      );
      assert.deepEqual(
        await keysOf("--server", "eu1,online"),
        keysWhere(() => true),
      );
      assert.deepEqual(await keysOf("--server", "nowhere"), []);
    });

    it("--status keeps active or suspended accounts", async () => {
      const suspended = keysWhere((a) => a.status === "suspended");
      assert.equal(suspended.length, 3);
      assert.deepEqual(await keysOf("--status", "suspended"), suspended);
      assert.deepEqual(
        await keysOf("--status", "active"),
        keysWhere((a) => a.status === "active"),
      );
    });

    it("--name matches whole names with * and ?, ignoring case", async () => {
      assert.deepEqual(
        await keysOf("--name", "acme*"),
        keysWhere((a) => /^acme/i.test(a.accountName)),
      );
      assert.deepEqual(await keysOf("--name", "Bet?"), [idOf("Beta")]);
      assert.deepEqual(await keysOf("--name", '*בע"מ'), [idOf('שלום עולם בע"מ')]);
      assert.deepEqual(await keysOf("--name", "cafe*"), [], "accents are part of the name");
    });

    it("combines flags: an account must match each flag given", async () => {
      assert.deepEqual(
        await keysOf("--name", "acme*", "--server", "online", "--status", "active"),
        acmeIds()
          .map((id) => `online/${id}`)
          .sort(),
      );
    });

    it("names among the accounts kept, and records the filters in the header", async () => {
      const run = await cli(["adopt", "--server", "eu1", "--name", "acme*"], env);
      assert.deepEqual(
        declared(run.stdout).map((r) => r.name),
        ["acmeInc"],
      );
      assert.match(run.stdout, /selected by: pulumi-99digital adopt --server eu1 --name 'acme\*'/);
    });
  });

  describe("--exclude-stack-state", () => {
    function stackExport(resources: unknown[]): string {
      const file = path.join(tmp, `stack-${resources.length}-${Date.now()}.json`);
      fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources } }));
      return file;
    }
    const urn = (name: string) => `urn:pulumi:dev::partner::${ONLINE_ACCOUNT_TYPE}::${name}`;

    it("skips accounts the stack manages, by id and by existingAccount, and reserves their names", async () => {
      const file = stackExport([
        { urn: urn("beta"), type: ONLINE_ACCOUNT_TYPE, id: idOf("Beta") },
        {
          urn: urn("grocery"),
          type: ONLINE_ACCOUNT_TYPE,
          inputs: { existingAccount: idOf("מכולת השכונה", "eu1") },
        },
        // A resource of that name for another account: the name is taken.
        { urn: urn("classAccount"), type: ONLINE_ACCOUNT_TYPE, id: "online/999" },
      ]);
      const run = await cli(["adopt", "--exclude-stack-state", file], env);
      assert.equal(run.code, 0, run.stderr);
      const resources = declared(run.stdout);
      const keys = resources.map((r) => r.args.existingAccount);
      assert.equal(resources.length, accounts.length - 2);
      assert.ok(!keys.includes(idOf("Beta")));
      assert.ok(!keys.includes(idOf("מכולת השכונה", "eu1")));
      const cls = resources.find((r) => r.args.existingAccount === idOf("class"));
      assert.equal(cls?.name, `classAccount_${idOf("class").split("/")[1]}`);
    });

    it("shows the counts in the --dry-run summary and writes nothing", async () => {
      const file = stackExport([{ urn: urn("beta"), type: ONLINE_ACCOUNT_TYPE, id: idOf("Beta") }]);
      const out = path.join(tmp, "dry.ts");
      const run = await cli(
        ["adopt", "--exclude-stack-state", file, "--status", "active", "--dry-run", "--out", out],
        env,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!fs.existsSync(out));
      const active = accounts.filter((a) => a.status === "active");
      const activeOn = (server: string) => active.filter((a) => a.server === server).length;
      assert.match(run.stdout, /dry run: nothing written/);
      assert.match(run.stdout, new RegExp(`reported by the API +${accounts.length}\\n`));
      assert.match(run.stdout, /already managed by the stack +1\n/);
      assert.match(run.stdout, /left out by the filters +3\n/);
      assert.match(run.stdout, new RegExp(`to adopt +${active.length - 1}\\n`));
      assert.match(run.stdout, new RegExp(`eu1: ${activeOn("eu1")} active, 0 suspended`));
      assert.match(run.stdout, new RegExp(`online: ${activeOn("online") - 1} active, 0 suspended`));
      assert.match(
        run.stdout,
        new RegExp(
          `would write ${out.replace(/[\\.]/g, "\\$&")}: ${active.length - 1} OnlineAccount`,
        ),
      );
    });
  });

  describe("--out", () => {
    it("writes the module, and replaces it on a later run", async () => {
      const out = path.join(tmp, "accounts.ts");
      const first = await cli(["adopt", "--out", out], env);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout, "");
      assert.match(
        first.stderr,
        new RegExp(`wrote .*accounts\\.ts: ${accounts.length} OnlineAccount resources`),
      );
      const text = fs.readFileSync(out, "utf8");
      assert.equal(declared(text).length, accounts.length);
      const second = await cli(["adopt", "--out", out, "--server", "eu1"], env);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(declared(fs.readFileSync(out, "utf8")).length, 4);
      assert.deepEqual(
        fs.readdirSync(tmp).filter((f) => f.endsWith(".tmp")),
        [],
      );
    });

    it("refuses to replace a file it did not write, before reading the API, unless --force", async () => {
      const out = path.join(tmp, "index.ts");
      fs.writeFileSync(out, 'import "./accounts";\n');
      const before = await requestCount(sim);
      const refused = await cli(["adopt", "--out", out], env);
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        /--out .*index\.ts: the file exists and was not written by pulumi-99digital adopt.*--force/,
      );
      assert.equal(fs.readFileSync(out, "utf8"), 'import "./accounts";\n');
      assert.equal(await requestCount(sim), before);
      const forced = await cli(["adopt", "--out", out, "--force"], env);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(declared(fs.readFileSync(out, "utf8")).length, accounts.length);
    });
  });

  describe("--import-file", () => {
    it("writes one pulumi import entry per account, named and ordered as in the module", async () => {
      const out = path.join(tmp, "import-accounts.ts");
      const file = path.join(tmp, "import.json");
      const run = await cli(["adopt", "--out", out, "--import-file", file], env);
      assert.equal(run.code, 0, run.stderr);
      const document = JSON.parse(fs.readFileSync(file, "utf8")) as {
        generatedBy: string;
        resources: Array<{
          type: string;
          name: string;
          id: string;
          inputs: Record<string, unknown>;
          outputs: Record<string, unknown>;
        }>;
      };
      assert.equal(document.generatedBy, "pulumi-99digital adopt");
      const module = declared(fs.readFileSync(out, "utf8"));
      assert.deepEqual(
        document.resources.map((r) => [r.name, r.id]),
        module.map((r) => [r.name, r.args.existingAccount]),
      );
      for (const entry of document.resources) {
        const account = accounts.find((a) => `${a.server}/${a.accountId}` === entry.id)!;
        assert.equal(entry.type, ONLINE_ACCOUNT_TYPE);
        const { __provider, ...inputs } = entry.inputs;
        assert.match(String(__provider), /require\("pulumi-99digital\/provider-host"\)/);
        assert.deepEqual(inputs, module.find((r) => r.name === entry.name)!.args);
        assert.equal(entry.outputs.__provider, __provider);
        assert.deepEqual(
          {
            accountId: entry.outputs.accountId,
            server: entry.outputs.server,
            accountName: entry.outputs.accountName,
            status: entry.outputs.status,
            reference: entry.outputs.reference,
            url: entry.outputs.url,
            deletionProtection: entry.outputs.deletionProtection,
          },
          {
            accountId: String(account.accountId),
            server: account.server,
            accountName: account.accountName,
            status: account.status,
            reference: account.reference,
            url: `https://${account.server}.99digital.co.il`,
            deletionProtection: true,
          },
        );
      }
      const again = await cli(["adopt", "--quiet", "--import-file", file], env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(fs.readFileSync(file, "utf8"), JSON.stringify(document, null, 2) + "\n");
    });

    it("refuses to replace a file it did not write, unless --force", async () => {
      const file = path.join(tmp, "mine.json");
      fs.writeFileSync(file, '{"resources": []}');
      const refused = await cli(["adopt", "--import-file", file], env);
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        /--import-file .*mine\.json: the file exists and was not written/,
      );
      assert.equal(fs.readFileSync(file, "utf8"), '{"resources": []}');
      assert.equal((await cli(["adopt", "--import-file", file, "--force"], env)).code, 0);
    });
  });

  describe("credentials and secrets", () => {
    it("takes the client secret from stdin, and the client id and API from flags", async () => {
      const run = await cli(
        ["adopt", "--api-url", sim.url, "--client-id", CLIENT_ID, "--client-secret-stdin"],
        {},
        `${SECRET}\n`,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(declared(run.stdout).length, accounts.length);
    });

    it("lets an http:// URL to another host through with --allow-insecure-http or its variable", async () => {
      const url = "http://test.example/api";
      const secret = { DIGITAL99_CLIENT_ID: "x", DIGITAL99_CLIENT_SECRET: "y" };
      for (const [argv, runEnv] of [
        [["--allow-insecure-http"], secret],
        [[], { ...secret, DIGITAL99_ALLOW_INSECURE_HTTP: "true" }],
      ] as const) {
        const args = parseAdoptArgs(["--api-url", url, ...argv]);
        assert.notEqual(args, "help");
        if (args === "help") return;
        const options = await resolveCredentials(args.credentials, runEnv, () =>
          Promise.resolve(""),
        );
        assert.deepEqual(
          { apiUrl: options.apiUrl, allowInsecureHttp: options.allowInsecureHttp },
          { apiUrl: url, allowInsecureHttp: true },
        );
      }
    });

    it("takes an access token from the environment or stdin", async () => {
      const token = await accessToken(sim);
      const fromEnv = await cli(["adopt"], {
        DIGITAL99_API_URL: sim.url,
        DIGITAL99_ACCESS_TOKEN: token,
      });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      const fromStdin = await cli(
        ["adopt", "--api-url", sim.url, "--access-token-stdin"],
        {},
        token,
      );
      assert.equal(fromStdin.code, 0, fromStdin.stderr);
      for (const run of [fromEnv, fromStdin]) {
        assert.ok(!(run.stdout + run.stderr).includes(token));
      }
    });

    it("never prints the secret or the token, even with the request log on", async () => {
      const runs = [
        await cli(["adopt"], { ...env, DIGITAL99_DEBUG: "1" }),
        await cli(["adopt", "--dry-run"], { ...env, DIGITAL99_DEBUG: "1" }),
        await cli(["adopt"], { ...env, DIGITAL99_CLIENT_SECRET: "wrong-S3cret-value" }),
      ];
      for (const run of runs.slice(0, 2)) {
        assert.match(run.stderr, /settings\/accessToken[\s\S]*online\/getAccounts/, "request log");
      }
      assert.equal(runs[2].code, 1);
      assert.match(runs[2].stderr, /pulumi-99digital adopt: .*settings\/accessToken/);
      for (const run of runs) {
        for (const secret of [SECRET, "wrong-S3cret-value", "Seed!Passw0rd"]) {
          assert.ok(!(run.stdout + run.stderr).includes(secret), secret);
        }
      }
    });
  });

  describe("bad command lines", () => {
    const cases: Array<[string[], RegExp, NodeJS.ProcessEnv?]> = [
      [["--status", "closed"], /--status "closed": must be "active" or "suspended"/],
      [["--server", "EU_1"], /--server "EU_1": a server is a subdomain name/],
      [["--name", ""], /--name: a pattern must be one non-empty line/],
      [
        ["--client-secret", "typed-S3cret"],
        /--client-secret is not accepted: .*shell history.*DIGITAL99_CLIENT_SECRET.*--client-secret-stdin/,
      ],
      [["--access-token=typed-T0ken"], /--access-token is not accepted: .*DIGITAL99_ACCESS_TOKEN/],
      [["--client-secret-stdin", "--access-token-stdin"], /cannot be combined/],
      [["--colour"], /Unknown option '--colour'/],
      [["--out"], /Option '--out <value>' argument missing/],
      [
        ["--out", "same.ts", "--import-file", "same.ts"],
        /--out and --import-file must name different files/,
      ],
      [
        ["--api-url", "ftp://example"],
        /--api-url \(or DIGITAL99_API_URL\) must be an http\(s\) URL/,
      ],
      [
        ["--api-url", "http://partners.99digital.co.il/api"],
        /--api-url \(or DIGITAL99_API_URL\) must use https:\/\/ unless its host is 127\.0\.0\.1.*Set --allow-insecure-http \(or DIGITAL99_ALLOW_INSECURE_HTTP=true\) to allow/,
      ],
      [
        ["--api-url", "https://partners.99digital.co.il/api"],
        /DIGITAL99_ALLOW_INSECURE_HTTP must be true or false/,
        {
          DIGITAL99_CLIENT_ID: "x",
          DIGITAL99_CLIENT_SECRET: "y",
          DIGITAL99_ALLOW_INSECURE_HTTP: "1",
        },
      ],
      [["extra"], /argument 1 is not an option, and adopt takes no other arguments/],
      [
        ["--client-secret-stdin", "typed-S3cret"],
        /argument 2 \(after --client-secret-stdin\) is not an option.*not repeated here/,
      ],
      [["--out", "a.ts", "--", "typed-T0ken"], /argument 4 \(after --\) is not an option/],
      [[], /credentials are missing \(a client id\): set DIGITAL99_CLIENT_ID/, {}],
      [[], /credentials are missing \(the client secret\)/, { DIGITAL99_CLIENT_ID: "x" }],
      [
        ["--client-secret-stdin"],
        /--client-secret-stdin: stdin must hold the secret on a single, non-empty line/,
        { DIGITAL99_CLIENT_ID: "x" },
      ],
      [
        ["--exclude-stack-state", "no-such-file.json"],
        /--exclude-stack-state no-such-file\.json: ENOENT/,
      ],
    ];
    for (const [argv, message, runEnv] of cases) {
      it(`adopt ${argv.join(" ") || "(no credentials)"}: exit 2, says why, reads nothing`, async () => {
        const before = await requestCount(sim);
        const run = await cli(["adopt", ...argv], runEnv ?? env);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, message);
        assert.match(run.stderr, /Run with --help for the options\./);
        assert.equal(run.stdout, "");
        assert.ok(!run.stderr.includes("typed-S3cret") && !run.stderr.includes("typed-T0ken"));
        assert.equal(await requestCount(sim), before);
      });
    }

    it("a file that is not a stack export: exit 2, names the flag", async () => {
      const file = path.join(tmp, "not-state.json");
      fs.writeFileSync(file, JSON.stringify({ resources: [] }));
      const run = await cli(["adopt", "--exclude-stack-state", file], env);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /--exclude-stack-state .*not-state\.json: it has no "deployment" object/,
      );
    });

    it("an unknown command or none: exit 2 with the usage; --help: exit 0", async () => {
      const unknown = await cli(["adpot"], env);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown command "adpot"[\s\S]*Commands:\n {2}adopt/);
      assert.equal((await cli([], env)).code, 2);
      const help = await cli(["--help"], env);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Usage: pulumi-99digital <command>/);
      const adoptHelp = await cli(["adopt", "--help"], env);
      assert.equal(adoptHelp.code, 0);
      for (const flag of [
        "--server",
        "--status",
        "--name",
        "--exclude-stack-state",
        "--out",
        "--dry-run",
        "--client-secret-stdin",
        "Exit status",
      ]) {
        assert.ok(adoptHelp.stdout.includes(flag), flag);
      }
    });
  });

  describe("the installed command", () => {
    const bin = () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
        bin: Record<string, string>;
        files: string[];
      };
      const file = pkg.bin["pulumi-99digital"];
      assert.ok(
        pkg.files.some((f) => file.startsWith(`${f}/`)),
        "shipped by `files`",
      );
      return path.join(repoRoot, file);
    };

    it("is the package's pulumi-99digital bin, runs as a script, and exits with its status", () => {
      const file = bin();
      assert.ok(fs.existsSync(file), `${file} is built (npm run build)`);
      assert.match(fs.readFileSync(file, "utf8"), /^#!\/usr\/bin\/env node\n/);
      const help = execFileSync(process.execPath, [file, "adopt", "--help"], { encoding: "utf8" });
      assert.match(help, /Usage: pulumi-99digital adopt/);
      assert.throws(
        () =>
          execFileSync(process.execPath, [file, "adopt", "--status", "x"], {
            stdio: "pipe",
            env: {},
          }),
        (err: { status: number; stderr: Buffer }) =>
          err.status === 2 && /--status "x"/.test(err.stderr.toString()),
      );
    });
  });
});

const repoRoot = path.resolve(__dirname, "..", "..", "..");

async function accessToken(sim: Simulator): Promise<string> {
  const response = await fetch(`${sim.url}/settings/accessToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_id: CLIENT_ID, client_secret: SECRET }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}
