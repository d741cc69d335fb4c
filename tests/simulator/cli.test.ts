// The pulumi-99digital-simulator command, run as a real child process.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SimulatorOptions } from "../../simulator";
import { parseCli } from "../../simulator/cli";
import { request } from "./helpers";

const root = path.resolve(__dirname, "..", "..");
const cli = path.join(root, "simulator", "cli.ts");

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits for the banner and returns the API URL it printed. */
async function apiUrl(r: Run): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const match = /API URL:\s+(http:\/\/\S+\/api)/.exec(r.stdout());
    if (match) return match[1];
    if (r.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no API URL printed\nstdout: ${r.stdout()}\nstderr: ${r.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("simulator: CLI", function () {
  this.timeout(15_000);
  const running: Run[] = [];
  afterEach(() => {
    for (const r of running.splice(0)) if (r.child.exitCode === null) r.child.kill("SIGKILL");
  });
  function start(args: string[]): Run {
    const r = run(args);
    running.push(r);
    return r;
  }

  it("prints URL and credentials, serves the API, and exits 0 on SIGTERM", async () => {
    const r = start(["--port", "0", "--client-id", "cli-id", "--client-secret", "cli-secret"]);
    const url = await apiUrl(r);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    assert.match(r.stdout(), /client_id:\s+cli-id/);
    assert.match(r.stdout(), /client_secret:\s+cli-secret/);
    const reply = await request(`${url}/settings/accessToken`, "POST", {
      client_id: "cli-id",
      client_secret: "cli-secret",
    });
    assert.equal(reply.json.reason, 1);
    r.child.kill("SIGTERM");
    assert.deepEqual(await r.exited, { code: 0, signal: null });
    assert.equal(r.stderr(), "");
  });

  it("stops on SIGINT too, and keeps --data across runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-cli-"));
    const file = path.join(dir, "state.json");
    try {
      const first = start(["--port", "0", "--data", file]);
      const url = await apiUrl(first);
      const token = await request(`${url}/settings/accessToken`, "POST", {
        client_id: "demo",
        client_secret: "demo",
      });
      const created = await request(
        `${url}/builder/createBuilder`,
        "POST",
        { client_name: "Kept" },
        { headers: { authorization: `Bearer ${token.json.access_token}` } },
      );
      assert.equal(created.json.reason, 1);
      first.child.kill("SIGINT");
      assert.equal((await first.exited).code, 0);

      const second = start(["--port", "0", "--data", file]);
      const url2 = await apiUrl(second);
      const state = await request(url2.replace(/\/api$/, "/__simulator/state"), "GET");
      assert.deepEqual(
        (state.json.builders as { clientName: string }[]).map((b) => b.clientName),
        ["Kept"],
      );
      second.child.kill("SIGTERM");
      assert.equal((await second.exited).code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--verbose logs one line per request without secrets", async () => {
    const r = start(["--port", "0", "--verbose", "--client-secret", "Sup3r-secret"]);
    const url = await apiUrl(r);
    const banner = r.stdout();
    const token = await request(`${url}/settings/accessToken`, "POST", {
      client_id: "demo",
      client_secret: "Sup3r-secret",
    });
    const t = token.json.access_token as string;
    await request(
      `${url}/online/createAccount`,
      "POST",
      {
        account_name: "A",
        agents: 1,
        inboxes: 1,
        admin_email: "a@x.example.com",
        admin_name: "A",
        admin_displayName: "A",
        admin_password: "Pa$$word-xyz",
      },
      { headers: { authorization: `Bearer ${t}` } },
    );
    r.child.kill("SIGTERM");
    await r.exited;
    const log = r.stdout().slice(banner.length);
    assert.match(log, /POST \/api\/settings\/accessToken reason 1/);
    assert.match(log, /POST \/api\/online\/createAccount reason 1/);
    for (const secret of ["Sup3r-secret", t, "Pa$$word-xyz"]) {
      assert.equal(log.includes(secret), false, "a secret reached the log");
    }
  });

  it("exits 2 with a clear message for a bad flag or value", async () => {
    for (const args of [
      ["--nope"],
      ["--port", "http"],
      ["--token-ttl", "0"],
      ["--servers", ","],
      ["--whatsapp-numbers", "972501234567,+972501234568"],
    ]) {
      const r = start(args);
      const { code } = await r.exited;
      assert.equal(code, 2, args.join(" "));
      assert.match(r.stderr(), /pulumi-99digital-simulator: .+\nRun with --help/, args.join(" "));
    }
  });

  it("--help prints the options and exits 0", async () => {
    const r = start(["--help"]);
    assert.equal((await r.exited).code, 0);
    for (const flag of [
      "--port",
      "--host",
      "--client-id",
      "--client-secret",
      "--token-ttl",
      "--servers",
      "--whatsapp-numbers",
      "--data",
    ]) {
      assert.match(r.stdout(), new RegExp(flag));
    }
  });

  it("--whatsapp-numbers sets the partner's numbers, printed in the banner and in the state", async () => {
    const r = start(["--port", "0", "--whatsapp-numbers", "14155550100,972521112222"]);
    const url = await apiUrl(r);
    assert.match(r.stdout(), /WhatsApp:\s+14155550100, 972521112222\n/);
    const state = await request(url.replace(/\/api$/, "/__simulator/state"), "GET");
    assert.deepEqual(state.json.whatsappNumbers, ["14155550100", "972521112222"]);
  });

  it("exits 1 when the port is taken", async () => {
    const first = start(["--port", "0"]);
    const port = new URL(await apiUrl(first)).port;
    const second = start(["--port", port]);
    assert.equal((await second.exited).code, 1);
    assert.match(second.stderr(), /cannot start/);
  });

  it("parses flags into simulator options", () => {
    const options = parseCli([
      "--port=0",
      "--host",
      "0.0.0.0",
      "--token-ttl",
      "60",
      "--servers",
      "online, eu1",
      "--block-after-failures",
      "3",
      "--max-accounts",
      "10",
    ]);
    assert.notEqual(options, "help");
    if (options === "help") return;
    assert.equal(options.port, 0);
    assert.equal(options.host, "0.0.0.0");
    assert.equal(options.tokenTtl, 60);
    assert.deepEqual(options.servers, ["online", "eu1"]);
    assert.equal(options.blockAfterFailures, 3);
    assert.equal(options.maxAccounts, 10);
    assert.equal((parseCli([]) as { port: number }).port, 4010);
    assert.throws(() => parseCli(["--port", "70000"]), /--port/);
    assert.deepEqual(
      (parseCli(["--whatsapp-numbers", "14155550100, 972521112222"]) as SimulatorOptions)
        .whatsappNumbers,
      ["14155550100", "972521112222"],
    );
    assert.deepEqual(
      (parseCli(["--whatsapp-numbers", ""]) as SimulatorOptions).whatsappNumbers,
      [],
    );
    assert.equal((parseCli([]) as SimulatorOptions).whatsappNumbers, undefined);
    for (const bad of ["0501234567", "972-50-1234567", "123456", "97250123456789012"]) {
      assert.throws(
        () => parseCli(["--whatsapp-numbers", bad]),
        /--whatsapp-numbers must list numbers of 7 to 15 digits/,
        bad,
      );
    }
    assert.throws(() => parseCli(["positional"]), /positional/i);
  });
});
