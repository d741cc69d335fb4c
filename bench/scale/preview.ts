// Preview alone, repeated: N OnlineAccounts and the same program with a no-op dynamic provider,
// each brought up once (checkpoints skipped, to be quick), then previewed in alternating rounds so
// that a busy spell of the machine falls on both. Prints each preview's seconds and the ratio of
// the sums. With --profile DIR, one more preview of each runs with `node --cpu-prof` and the
// program process's CPU profile is summarised (where the time goes, by package). Writes nothing.
//   npm run build && npx tsx bench/scale/preview.ts [--n 1000] [--rounds 3] [--profile DIR]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CliStack } from "../../tests/engine/cli-stack";
import { findPulumi } from "../../tests/engine/workspace";
import { RemoteSimulator } from "../lib/remote-sim";

const kinds = ["digital99", "noop"] as const;
type Kind = (typeof kinds)[number];
const label: Record<Kind, string> = { digital99: "OnlineAccount", noop: "no-op" };

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "1000" },
      rounds: { type: "string", default: "3" },
      profile: { type: "string" },
    },
  });
  const n = Number(values.n);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(rounds) || rounds < 1) {
    console.error("preview: --n and --rounds must be whole numbers of at least 1");
    return 2;
  }
  const engineDir = findPulumi();
  if (!engineDir) {
    console.error("preview: no pulumi binary on PATH or in .tools/pulumi/bin");
    return 2;
  }
  const sim = await RemoteSimulator.start({ clientId: "scale", clientSecret: "scale-Secret-1" });
  const work = mkdtempSync(path.join(os.tmpdir(), "digital99-preview-"));
  const skip = { PULUMI_SKIP_CHECKPOINTS: "true" };
  try {
    const stacks = {} as Record<Kind, CliStack>;
    for (const kind of kinds) {
      stacks[kind] = await CliStack.create(
        {
          engineDir,
          work: path.join(work, kind),
          stackName: `preview-${kind}`,
          api: { url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret },
        },
        { kind, count: String(n), renamed: "0" },
      );
      await stacks[kind].must(["up", "--yes", "--skip-preview"], skip);
    }

    const seconds = { digital99: [] as number[], noop: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        const { ms } = await stacks[kind].must(["preview"]);
        seconds[kind].push(ms / 1000);
        console.log(
          `round ${round + 1}: ${label[kind]} preview of ${n}: ${(ms / 1000).toFixed(1)} s`,
        );
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `preview of ${n}, ${rounds} rounds: OnlineAccount ${mean(seconds.digital99).toFixed(1)} s, ` +
        `no-op ${mean(seconds.noop).toFixed(1)} s on average: ` +
        `${(mean(seconds.digital99) / mean(seconds.noop)).toFixed(2)}×`,
    );

    if (values.profile) {
      for (const kind of kinds) {
        const dir = path.resolve(values.profile, kind);
        rmSync(dir, { recursive: true, force: true });
        await stacks[kind].must(["preview"], { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` });
        console.log(`${label[kind]}: ${summariseProfile(dir)}`);
      }
    }

    for (const kind of kinds) await stacks[kind].must(["destroy", "--yes", "--skip-preview"], skip);
    return 0;
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Profile {
  nodes: Array<{ id: number; callFrame: { url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The largest profile in `dir` is the program's process (the provider's is killed by the engine
 * before it can write one): its CPU seconds, and the packages that took most of them.
 */
function summariseProfile(dir: string): string {
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const profile = JSON.parse(readFileSync(largest, "utf8")) as Profile;
  const urlOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame.url]));
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const url = urlOf.get(id) ?? "";
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url ? "other code" : "(engine, GC, idle)");
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  });
  const top = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([pkg, us]) => `${pkg} ${(us / 1e6).toFixed(1)} s`)
    .join(", ");
  return `program process ${(total / 1e6).toFixed(1)} s of CPU (${top}); profile ${largest}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
