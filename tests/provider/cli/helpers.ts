// Shared by the adopt tests: an estate seeded through the API, the command run in-process with
// its output captured, the generated module evaluated to see what it declares, and a proxy that
// hands out the simulator's account list in another order.
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as vm from "node:vm";
import ts from "typescript";
import { PartnersClient, type AccountStatus } from "../../../provider/client";
import { runCli } from "../../../provider/cli";
import type { Simulator } from "../../../simulator";

/**
 * Characters that act rather than show (provider/printable.ts), the line feed aside: none may be
 * in what adopt writes or prints. Listed here again, so the tests do not take the rule on trust.
 */
export const ACTING =
  // eslint-disable-next-line no-control-regex -- finding control characters is its job
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;

/** What a JavaScript identifier (and so an exported const's name) may look like. */
export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export interface SeedAccount {
  accountName: string;
  server?: string;
  status?: AccountStatus;
  reference?: string;
  /** The account's inbox quota; 1 unless given. */
  inboxes?: number;
}

/** Creates the accounts through the API, as a partner's scripts would have. */
export async function seed(sim: Simulator, accounts: readonly SeedAccount[]): Promise<void> {
  const client = new PartnersClient({
    apiUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    maxConcurrency: 8,
  });
  try {
    await Promise.all(
      accounts.map(async (a, i) => {
        const created = await client.online.createAccount({
          accountName: a.accountName,
          agents: 2,
          inboxes: a.inboxes ?? 1,
          adminEmail: `owner${i}@seeded.example`,
          adminName: `Owner ${i}`,
          adminDisplayName: `O${i}`,
          adminPassword: "Seed!Passw0rd",
          ...(a.server !== undefined && { server: a.server }),
          ...(a.reference !== undefined && { reference: a.reference }),
        });
        if (a.status === "suspended") {
          await client.online.updateAccount({
            accountId: created.accountId,
            server: created.server,
            status: "suspended",
          });
        }
      }),
    );
  } finally {
    await client.close();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi-99digital <argv>` in this process with exactly `env` and `stdin`. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv, stdin = ""): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Promise.resolve(stdin),
  });
  return { code, stdout, stderr };
}

export interface Declared {
  /** The exported const's name. */
  exportName: string;
  /** The resource name. */
  name: string;
  args: Record<string, unknown>;
}

/**
 * Runs the generated module with a stand-in for the package that records each OnlineAccount
 * it is asked for: what `import "./accounts";` would declare.
 */
export function declared(moduleText: string): Declared[] {
  const { outputText, diagnostics } = ts.transpileModule(moduleText, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  assert.deepEqual(diagnostics ?? [], [], "the module parses");
  const made: Array<{ name: string; args: Record<string, unknown>; instance: object }> = [];
  class OnlineAccount {
    constructor(name: string, args: Record<string, unknown>, ...rest: unknown[]) {
      assert.equal(rest.length, 0, "no resource options");
      made.push({ name, args, instance: this });
    }
  }
  const exports: Record<string, unknown> = {};
  const require = (id: string) => {
    assert.equal(id, "pulumi-99digital");
    return { OnlineAccount };
  };
  vm.runInNewContext(outputText, { exports, require, module: { exports } });
  return made.map(({ name, args, instance }) => {
    const exportNames = Object.keys(exports).filter((k) => exports[k] === instance);
    assert.equal(exportNames.length, 1, `${name} is exported once`);
    // Plain objects of this realm, so deepEqual compares values only.
    return {
      exportName: exportNames[0],
      name,
      args: JSON.parse(JSON.stringify(args)) as Record<string, unknown>,
    };
  });
}

/** `requests` of the simulator's control route: every API request so far. */
export async function requestCount(sim: Simulator): Promise<number> {
  const response = await fetch(sim.url.replace(/\/api$/, "/__simulator/state"));
  const state = (await response.json()) as { requests: number };
  return state.requests;
}

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

/** Forwards to the simulator, answering getAccounts with the list in reverse order. */
export async function reversingProxy(sim: Simulator): Promise<Proxy> {
  const target = new URL(sim.url);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          let body = Buffer.concat(chunks);
          if (req.url?.endsWith("/online/getAccounts")) {
            const json = JSON.parse(body.toString("utf8")) as { list: unknown[] };
            json.list.reverse();
            body = Buffer.from(JSON.stringify(json));
          }
          const headers = { ...answer.headers, "content-length": String(body.length) };
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface DeclaredResource extends Declared {
  kind: "OnlineAccount" | "Builder" | "WhatsAppInbox";
  /** The resource name of the `deletedWith` option, when given. */
  deletedWith?: string;
}

/**
 * Like `declared`, for a module with builders and inboxes too. An OnlineAccount's `accountId`
 * and `server` read as `<name>.accountId` and `<name>.server`, so an inbox's inputs show which
 * account's outputs they take.
 */
export function declaredEstate(moduleText: string): DeclaredResource[] {
  const { outputText, diagnostics } = ts.transpileModule(moduleText, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  assert.deepEqual(diagnostics ?? [], [], "the module parses");
  const made: Array<{
    kind: DeclaredResource["kind"];
    name: string;
    args: Record<string, unknown>;
    options?: Record<string, unknown>;
    instance: object;
  }> = [];
  const names = new Map<object, string>();
  const standIn = (kind: DeclaredResource["kind"]) =>
    class {
      accountId?: string;
      server?: string;
      constructor(name: string, args: Record<string, unknown>, ...rest: unknown[]) {
        assert.ok(rest.length <= 1, "at most one options object");
        if (kind === "OnlineAccount") {
          this.accountId = `${name}.accountId`;
          this.server = `${name}.server`;
        }
        names.set(this, name);
        made.push({
          kind,
          name,
          args,
          options: rest[0] as Record<string, unknown>,
          instance: this,
        });
      }
    };
  const pkg = {
    OnlineAccount: standIn("OnlineAccount"),
    Builder: standIn("Builder"),
    WhatsAppInbox: standIn("WhatsAppInbox"),
  };
  const exports: Record<string, unknown> = {};
  const require = (id: string) => {
    assert.equal(id, "pulumi-99digital");
    return pkg;
  };
  vm.runInNewContext(outputText, { exports, require, module: { exports } });
  return made.map(({ kind, name, args, options, instance }) => {
    const exportNames = Object.keys(exports).filter((k) => exports[k] === instance);
    assert.equal(exportNames.length, 1, `${name} is exported once`);
    if (options !== undefined) {
      assert.deepEqual(Object.keys(options), ["deletedWith"], `${name}: deletedWith only`);
    }
    const deletedWith = options ? names.get(options.deletedWith as object) : undefined;
    if (options !== undefined) assert.ok(deletedWith, `${name}: deletedWith is a resource`);
    return {
      kind,
      exportName: exportNames[0],
      name,
      args: JSON.parse(JSON.stringify(args)) as Record<string, unknown>,
      ...(deletedWith !== undefined && { deletedWith }),
    };
  });
}

export interface SeedInbox {
  server: string;
  accountId: string;
  inboxName: string;
  whatsappNumber: string;
}

/** Creates builders and inboxes through the API; returns their ids in the order given. */
export async function seedMore(
  sim: Simulator,
  builders: readonly string[],
  inboxes: readonly SeedInbox[],
): Promise<{ builderIds: string[]; inboxIds: string[] }> {
  const client = new PartnersClient({
    apiUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
  });
  try {
    const builderIds: string[] = [];
    for (const clientName of builders) {
      builderIds.push((await client.builder.createBuilder({ clientName })).builderId);
    }
    const inboxIds: string[] = [];
    for (const inbox of inboxes) {
      const created = await client.online.createInbox(inbox);
      inboxIds.push(`${inbox.server}/${inbox.accountId}/${created.inboxId}`);
    }
    return { builderIds, inboxIds };
  } finally {
    await client.close();
  }
}
