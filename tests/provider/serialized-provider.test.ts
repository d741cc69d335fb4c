// What every OnlineAccount puts into the state as `__provider`: the module text of
// provider/resources/dynamic.ts. The design fixes its size (as small as the provider
// host's contract allows: it is stored twice per resource and rewritten at every
// step), its contents (only `require("pulumi-99digital/provider-host")`, no secrets,
// no machine paths) and that it is the same text for every resource, so state stays
// small and an upgrade of the package never shows a diff.
//
// The text measured is what users' programs serialize: the class is loaded from
// the compiled package (`require("pulumi-99digital")` -> dist/, built by tsc), not
// from the TypeScript source through tsx, whose esbuild output differs (it drops
// comments and reindents, so it would measure smaller than what ships). The
// level-3 test (tests/harness/online-account-host.test.ts) runs this very text in
// Pulumi's provider host.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { captureRegistration, type Registered } from "../harness/serialized-provider";

type Package = typeof import("../../provider");

const repoRoot = path.resolve(__dirname, "..", "..");
const MAX_PROVIDER_BYTES = 256;
const TYPE = "pulumi-nodejs:dynamic/99digital:OnlineAccount";

const secrets = {
  plainPassword: "Plain!Passw0rd-one",
  secretPassword: "Wrapped!Passw0rd-two",
  configPassword: "Config!Passw0rd-three",
  clientSecret: "config-client-s3cret",
  accessToken: "config-access-t0ken",
  envClientSecret: "env-client-s3cret",
};

function loadPackage(): Package {
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "index.js"))) {
    throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` before this test");
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("pulumi-99digital") as Package;
}

const base = {
  agents: 10,
  inboxes: 3,
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
};

/** A program with OnlineAccounts that differ in every way a program can make them differ. */
function program(digital99: Package, suffix = ""): () => void {
  return () => {
    const config = new pulumi.Config();
    new digital99.OnlineAccount(`plain${suffix}`, {
      ...base,
      accountName: "Plain Ltd",
      adminEmail: "a@plain.example",
      adminPassword: secrets.plainPassword,
    });
    new digital99.OnlineAccount(`wrapped${suffix}`, {
      ...base,
      accountName: "Wrapped Ltd",
      agents: 25,
      inboxes: 5,
      adminEmail: "b@wrapped.example",
      adminPassword: pulumi.secret(secrets.secretPassword),
      adminTwoFactor: "email",
      adminTwoFactorDestination: "b@wrapped.example",
      status: "suspended",
      builderUrl: "https://builder.example/login/wrapped",
      reference: "wrapped",
      deletionProtection: false,
    });
    new digital99.OnlineAccount(`configured${suffix}`, {
      ...base,
      accountName: pulumi.output("Configured Ltd"),
      adminEmail: "c@configured.example",
      adminPassword: config.requireSecret("adminPassword"),
      server: "online",
    });
  };
}

/** Runs `fn` with DIGITAL99_CLIENT_SECRET set, as a CI pipeline would have it. */
async function withEnvSecret<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.DIGITAL99_CLIENT_SECRET;
  process.env.DIGITAL99_CLIENT_SECRET = secrets.envClientSecret;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.DIGITAL99_CLIENT_SECRET;
    else process.env.DIGITAL99_CLIENT_SECRET = saved;
  }
}

const captureOptions = (project: string, stack: string) => ({
  project,
  stack,
  config: {
    [`${project}:adminPassword`]: secrets.configPassword,
    "digital99:clientId": "partner-1",
    "digital99:clientSecret": secrets.clientSecret,
    "digital99:accessToken": secrets.accessToken,
  },
  secretConfigKeys: [`${project}:adminPassword`, "digital99:clientSecret", "digital99:accessToken"],
});

describe("the serialized OnlineAccount provider (__provider)", () => {
  let digital99: Package;
  let registered: Registered[];
  let text: string;

  before(async () => {
    digital99 = loadPackage();
    const first = await withEnvSecret(() =>
      captureRegistration(program(digital99), captureOptions("proj", "dev")),
    );
    const second = await withEnvSecret(() =>
      captureRegistration(program(digital99, "-2"), captureOptions("other-project", "prod")),
    );
    registered = [...first, ...second];
    assert.equal(registered.length, 6);
    text = registered[0].provider ?? "";
  });

  it("is the same text for every resource, project and stack", () => {
    for (const r of registered) {
      assert.equal(typeof r.provider, "string", `${r.name} has a serialized provider`);
      assert.equal(r.provider, text, `${r.name}'s __provider differs`);
    }
  });

  it(`is at most ${MAX_PROVIDER_BYTES} bytes`, () => {
    const bytes = Buffer.byteLength(text, "utf8");
    console.log(`      __provider: ${bytes} bytes (budget ${MAX_PROVIDER_BYTES})`);
    assert.ok(
      bytes <= MAX_PROVIDER_BYTES,
      `__provider is ${bytes} bytes, over the ${MAX_PROVIDER_BYTES}-byte budget:\n${text}`,
    );
  });

  it("loads the implementation from the installed package", () => {
    assert.match(text, /^exports\.handler\s*=/);
    assert.ok(text.includes(`require("pulumi-99digital/provider-host")`));
    // Only that require: no SDK, client or simulator code is captured.
    const requires = [...text.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(requires)], ["pulumi-99digital/provider-host"]);
  });

  it("holds none of the secrets the program had", () => {
    for (const [name, secret] of Object.entries(secrets)) {
      assert.ok(!text.includes(secret), `__provider contains ${name}`);
    }
  });

  it("holds no absolute path and no release-specific value", () => {
    const localPaths = [repoRoot, process.cwd(), os.homedir(), os.tmpdir()];
    for (const p of localPaths) assert.ok(!text.includes(p), `__provider contains ${p}`);
    assert.doesNotMatch(text, /["'`](\/|[A-Za-z]:\\|file:)/, "a quoted absolute path");
    const version = (
      createRequire(__filename)("pulumi-99digital/package.json") as { version: string }
    ).version;
    assert.ok(!text.includes(version), `__provider mentions the package version ${version}`);
  });
});

describe("OnlineAccount registration", () => {
  interface Request {
    getType(): string;
    getName(): string;
    getAdditionalsecretoutputsList(): string[];
  }
  interface Monitor {
    registerResource(req: Request, callback: unknown): unknown;
  }
  const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
  const settings = sdkRequire("./runtime/settings") as { getMonitor(): Monitor };

  let digital99: Package;
  let registered: Registered[];
  const additionalSecretOutputs = new Map<string, string[]>();

  before(async () => {
    digital99 = loadPackage();
    registered = await captureRegistration(
      () => {
        // captureRegistration has installed its mock monitor: record what it does not.
        const monitor = settings.getMonitor();
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) => {
          additionalSecretOutputs.set(req.getName(), req.getAdditionalsecretoutputsList());
          return register(req, callback);
        };
        program(digital99)();
      },
      captureOptions("proj", "dev"),
    );
  });

  it(`has the type token ${TYPE}`, () => {
    assert.deepEqual(
      registered.map((r) => r.type),
      [TYPE, TYPE, TYPE],
    );
    assert.equal(registered[0].urn, `urn:pulumi:dev::proj::${TYPE}::plain`);
  });

  it("sends adminPassword as a secret input, even when the program gave plain text", () => {
    for (const r of registered) {
      assert.deepEqual(r.secretKeys, ["adminPassword"], `${r.name}: secret inputs`);
    }
    const plain = registered.find((r) => r.name === "plain");
    assert.equal(plain?.inputs.adminPassword, secrets.plainPassword);
  });

  it("asks the engine to keep the adminPassword output secret", () => {
    for (const r of registered) {
      assert.deepEqual(additionalSecretOutputs.get(r.name), ["adminPassword"], r.name);
    }
  });
});
