// The scale benchmark: N OnlineAccounts through the real Pulumi engine (the
// `pulumi` command line, file backend) against a simulator that adds latency
// to every request and already holds other accounts, beside the same program
// with a no-op dynamic provider, with and without PULUMI_SKIP_CHECKPOINTS.
// It times up / preview / refresh / partial update / destroy, counts the
// requests per endpoint at the simulator and weighs the state per resource,
// then writes a section of docs/benchmarks.md. Figures, not pass/fail
// timings: only the checks (request counts, accounts left) decide the exit.
//   node scripts/bench-scale.js [--n 100,1000] [--latency-ms 50] [--existing 2000] [--no-write]

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PartnersClient } from "../../provider/client";
import { CliStack, type Deployment } from "../../tests/engine/cli-stack";
import { findPulumi, pulumiVersion } from "../../tests/engine/workspace";
import { RemoteSimulator } from "../lib/remote-sim";
import {
  factsMarkdown,
  machineFacts,
  sectionMarkdown,
  type Check,
  type Section,
} from "../lib/report";
import { SCALE_BEGIN, SCALE_END, withScalePart } from "../lib/generated-part";

const DOC = path.join(__dirname, "..", "..", "docs", "benchmarks.md");
const RENAMED = 100;
const endpoints = [
  "settings/accessToken",
  "online/getAccounts",
  "online/createAccount",
  "online/updateAccount",
  "online/deleteAccount",
  "online/getAgents",
] as const;
type Endpoint = (typeof endpoints)[number];
type Counts = Record<Endpoint, number>;

const steps = ["up", "preview", "refresh", "rename", "destroy"] as const;
type Step = (typeof steps)[number];
const stepLabels: Record<Step, string> = {
  up: "`up` (creates)",
  preview: "`preview`, no change",
  refresh: "`refresh`",
  rename: `\`up\`, ${RENAMED} renamed`,
  destroy: "`destroy`",
};

interface Variant {
  name: string;
  kind: "digital99" | "noop";
  skipCheckpoints: boolean;
}
const variants: Variant[] = [
  { name: "OnlineAccount", kind: "digital99", skipCheckpoints: false },
  { name: "no-op", kind: "noop", skipCheckpoints: false },
  { name: "OnlineAccount, skip checkpoints", kind: "digital99", skipCheckpoints: true },
  { name: "no-op, skip checkpoints", kind: "noop", skipCheckpoints: true },
];

interface VariantResult {
  ms: Record<Step, number>;
  requests: Record<Step, Counts>;
  stateBytesPerResource: number;
  providerBytes: number;
  accountsAfterUp: number;
  accountsAfterDestroy: number;
}

interface Options {
  sizes: number[];
  latencyMs: number;
  existing: number;
  write: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "100,1000" },
      "latency-ms": { type: "string", default: "50" },
      existing: { type: "string", default: "2000" },
      "no-write": { type: "boolean", default: false },
    },
  });
  const count = (raw: string, flag: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${flag} must be a whole number, got ${raw}`);
    return n;
  };
  const sizes = values.n.split(",").map((s) => count(s.trim(), "n"));
  if (sizes.some((n) => n < RENAMED)) throw new Error(`--n: each size must be at least ${RENAMED}`);
  return {
    sizes,
    latencyMs: count(values["latency-ms"], "latency-ms"),
    existing: count(values.existing, "existing"),
    write: !values["no-write"],
  };
}

async function main(): Promise<number> {
  const opts = options();
  const engineDir = findPulumi();
  if (!engineDir) {
    console.error("bench-scale: no pulumi binary on PATH or in .tools/pulumi/bin");
    return 2;
  }
  const facts = machineFacts();
  console.log(`${factsMarkdown(facts)}\nengine: ${pulumiVersion(engineDir)}\n`);
  const started = performance.now();
  const sections: Section[] = [];
  for (const n of opts.sizes) {
    const results = await measureSize(engineDir, n, opts);
    const section = sectionFor(n, opts, results);
    console.log(`${sectionMarkdown(section)}\n`);
    sections.push(section);
  }
  const totalMs = performance.now() - started;
  if (opts.write) {
    writeSections(sections, engineDir, totalMs);
    console.log(`wrote the scale section of docs/benchmarks.md (${(totalMs / 1000).toFixed(0)} s)`);
  }
  const failed = sections.flatMap((s) => s.checks.filter((c) => !c.ok));
  for (const c of failed) console.error(`check failed: ${c.label}`);
  return failed.length > 0 ? 1 : 0;
}

async function measureSize(
  engineDir: string,
  n: number,
  opts: Options,
): Promise<Map<string, VariantResult>> {
  const sim = await RemoteSimulator.start({ clientId: "scale", clientSecret: "scale-Secret-1" });
  const work = mkdtempSync(path.join(os.tmpdir(), "digital99-scale-"));
  try {
    await seed(sim, opts.existing);
    if (opts.latencyMs > 0) {
      await sim.injectFault({
        endpoint: "*",
        fault: { type: "latency", ms: opts.latencyMs },
        times: Infinity,
      });
    }
    const results = new Map<string, VariantResult>();
    for (const [i, variant] of variants.entries()) {
      const t0 = performance.now();
      const stack = await CliStack.create(
        {
          engineDir,
          work: path.join(work, `v${i}`),
          stackName: `scale${i}`,
          api: { url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret },
        },
        { kind: variant.kind, count: String(n), renamed: "0" },
      );
      results.set(variant.name, await lifecycle(stack, sim, variant, n));
      console.log(`  N=${n} ${variant.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    return results;
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The accounts that exist before the stack: the partner's other customers. */
async function seed(sim: RemoteSimulator, existing: number): Promise<void> {
  const client = new PartnersClient({
    apiUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
  });
  try {
    const batch = 50;
    for (let i = 0; i < existing; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, existing - i) }, (_, j) =>
          client.online.createAccount({
            accountName: `Existing ${i + j}`,
            agents: 3,
            inboxes: 1,
            adminEmail: `existing${i + j}@partner.example`,
            adminName: "Existing Admin",
            adminDisplayName: "Admin",
            adminPassword: "Exist!ing-Pass",
            reference: `existing${i + j}`,
          }),
        ),
      );
    }
  } finally {
    await client.close();
  }
}

async function lifecycle(
  stack: CliStack,
  sim: RemoteSimulator,
  variant: Variant,
  n: number,
): Promise<VariantResult> {
  const env = variant.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const ms = {} as Record<Step, number>;
  const requests = {} as Record<Step, Counts>;
  const timed = async (step: Step, args: string[]) => {
    const before = await counts(sim);
    const result = await stack.must(args, env);
    ms[step] = result.ms;
    requests[step] = minus(await counts(sim), before);
  };

  await timed("up", ["up", "--yes", "--skip-preview"]);
  const accountsAfterUp = await sim.accountCount();
  const stateBytes = statSync(stack.stateFile()).size;
  const deployment = JSON.parse(readFileSync(stack.stateFile(), "utf8")) as {
    checkpoint: { latest: Deployment };
  };
  const first = deployment.checkpoint.latest.resources?.find((r) => r.type.includes("dynamic"));
  const provider = first?.inputs?.__provider;
  const providerBytes = typeof provider === "string" ? provider.length : 0;

  await timed("preview", ["preview"]);
  await timed("refresh", ["refresh", "--yes", "--skip-preview"]);
  await stack.setConfig({ renamed: String(RENAMED) });
  await timed("rename", ["up", "--yes", "--skip-preview"]);
  await timed("destroy", ["destroy", "--yes", "--skip-preview"]);
  return {
    ms,
    requests,
    stateBytesPerResource: stateBytes / n,
    providerBytes,
    accountsAfterUp,
    accountsAfterDestroy: await sim.accountCount(),
  };
}

async function counts(sim: RemoteSimulator): Promise<Counts> {
  const values = await Promise.all(endpoints.map((e) => sim.requestCount(e)));
  return Object.fromEntries(endpoints.map((e, i) => [e, values[i]])) as Counts;
}

function minus(after: Counts, before: Counts): Counts {
  return Object.fromEntries(endpoints.map((e) => [e, after[e] - before[e]])) as Counts;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function describeRequests(c: Counts): string {
  const parts = endpoints.filter((e) => c[e] > 0).map((e) => `${c[e]} ${e.split("/")[1]}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

function sectionFor(n: number, opts: Options, results: Map<string, VariantResult>): Section {
  const get = (name: string) => results.get(name)!;
  const ours = get("OnlineAccount");
  const noop = get("no-op");
  const oursSkip = get("OnlineAccount, skip checkpoints");
  const noopSkip = get("no-op, skip checkpoints");
  const rows = steps.map((step) => [
    stepLabels[step],
    seconds(ours.ms[step]),
    seconds(noop.ms[step]),
    ratio(ours.ms[step], noop.ms[step]),
    seconds(oursSkip.ms[step]),
    seconds(noopSkip.ms[step]),
    ratio(ours.ms[step], oursSkip.ms[step]),
    describeRequests(ours.requests[step]),
  ]);
  rows.push([
    "state per resource",
    kb(ours.stateBytesPerResource),
    kb(noop.stateBytesPerResource),
    ratio(ours.stateBytesPerResource, noop.stateBytesPerResource),
    "",
    "",
    "",
    `\`__provider\` ${ours.providerBytes} B (no-op: ${noop.providerBytes} B)`,
  ]);
  const up = ours.requests.up;
  const checks: Check[] = [
    {
      label: `up of ${n}: 1 token request (made ${up["settings/accessToken"]})`,
      ok: up["settings/accessToken"] === 1,
    },
    {
      label: `up of ${n}: at most 3 getAccounts (made ${up["online/getAccounts"]})`,
      ok: up["online/getAccounts"] <= 3,
    },
    {
      label: `up of ${n}: exactly ${n} createAccount (made ${up["online/createAccount"]})`,
      ok: up["online/createAccount"] === n,
    },
    ...[ours, oursSkip].flatMap((r, i) => [
      {
        label: `${i === 0 ? "checkpoints" : "skipped checkpoints"}: ${opts.existing + n} accounts after up (saw ${r.accountsAfterUp}), ${opts.existing} after destroy (saw ${r.accountsAfterDestroy})`,
        ok: r.accountsAfterUp === opts.existing + n && r.accountsAfterDestroy === opts.existing,
      },
    ]),
  ];
  return {
    title: `Scale: ${n} OnlineAccounts through the engine, beside a no-op provider`,
    setup:
      `The \`pulumi\` command line (file backend) runs one program declaring ${n} accounts: ` +
      `once with \`OnlineAccount\`, once with a dynamic provider whose methods return at once ` +
      `(same resources, same inputs), each with checkpoints and with ` +
      `\`PULUMI_SKIP_CHECKPOINTS=true\`. The simulator adds ${opts.latencyMs} ms to every ` +
      `request and already holds ${opts.existing} other accounts. Seconds per command; ` +
      `requests are counted at the simulator, for \`OnlineAccount\` with checkpoints.`,
    table: {
      columns: [
        { header: "step" },
        { header: "OnlineAccount s", align: "right" },
        { header: "no-op s", align: "right" },
        { header: "vs no-op", align: "right" },
        { header: "skip checkpoints s", align: "right" },
        { header: "no-op, skip s", align: "right" },
        { header: "checkpoints vs skip", align: "right" },
        { header: "requests (OnlineAccount)" },
      ],
      rows,
    },
    findings: [
      `\`up\` of ${n}: ${describeRequests(up)}, whatever the ${opts.existing} other accounts; ` +
        `${ratio(ours.ms.up, noop.ms.up)} the no-op provider's time, and ` +
        `${ratio(ours.ms.up, oursSkip.ms.up)} its own time with checkpoints skipped.`,
      `\`destroy\`: ${ratio(ours.ms.destroy, noop.ms.destroy)} the no-op's time; ` +
        `\`preview\`: ${ratio(ours.ms.preview, noop.ms.preview)}; ${RENAMED} renamed: ` +
        `${ratio(ours.ms.rename, noop.ms.rename)}.`,
      `State per resource: ${kb(ours.stateBytesPerResource)} (no-op: ` +
        `${kb(noop.stateBytesPerResource)}); \`__provider\` is ${ours.providerBytes} bytes, ` +
        `stored in inputs and outputs.`,
    ],
    checks,
  };
}

/** Replaces the scale part of docs/benchmarks.md, or appends it; the other sections stay. */
function writeSections(sections: Section[], engineDir: string, totalMs: number): void {
  const intro = [
    "## Scale through the engine",
    [
      "Measured by `node scripts/bench-scale.js` (options: `--n 100,1000`, `--latency-ms 50`,",
      "`--existing 2000`, `--no-write`), which rewrites only this part of the file. It runs the",
      `real engine (${pulumiVersion(engineDir)}) against a simulator in a worker thread on`,
      `127.0.0.1; ${(totalMs / 60_000).toFixed(0)} minutes here. The ratios within a table come`,
      "from one run on one machine; a shared machine is noisy, so compare ratios, not seconds.",
    ].join(" "),
  ].join("\n\n");
  const part = [SCALE_BEGIN, intro, ...sections.map(sectionMarkdown), SCALE_END].join("\n\n");
  writeFileSync(DOC, withScalePart(readFileSync(DOC, "utf8"), part));
}

main().then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    console.error("bench-scale failed:", error);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 2_000).unref();
  },
);
