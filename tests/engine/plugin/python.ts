// A Python program's set-up for the plugin tests: the Python SDK generated from schema.json by
// scripts/sdkgen.sh, pip-installed into a throwaway virtualenv that also sees the cached one of
// scripts/python-venv.sh (which holds the pulumi SDK), so the cache stays untouched.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, run } from "../cli";
import { generateSdks } from "./plugin-project";

/** The virtualenv's bin folder (first on the program's PATH), or why Python cannot run here. */
export async function preparePython(work: string): Promise<{ bin: string } | { skipped: string }> {
  const env = { ...process.env };
  const cached = await run("bash", [path.join(repoRoot, "scripts", "python-venv.sh")], {
    cwd: repoRoot,
    env,
  });
  if (cached.code !== 0) {
    if (/python3/.test(cached.output) && /not found|no python3/i.test(cached.output)) {
      return { skipped: "no python3 on this machine" };
    }
    throw new Error(`scripts/python-venv.sh failed:\n${cached.output}`);
  }
  const cachedBin = cached.output.trim().split("\n").pop()!;

  const sdk = await generateSdks(path.join(work, "sdk"), ["python"]);
  if ("skipped" in sdk) return sdk;

  const venv = path.join(work, "venv");
  await must("python3", ["-m", "venv", venv], cachedBin);
  const purelib = async (bin: string) =>
    (
      await must(
        path.join(bin, "python3"),
        ["-c", 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
        bin,
      )
    ).trim();
  const bin = path.join(venv, "bin");
  fs.writeFileSync(
    path.join(await purelib(bin), "pulumi-venv.pth"),
    `${await purelib(cachedBin)}\n`,
  );
  await must(
    path.join(bin, "python3"),
    [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      "--no-input",
      "-q",
      path.join(sdk.dir, "python"),
    ],
    bin,
  );
  return { bin };
}

async function must(command: string, args: string[], bin: string): Promise<string> {
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
  const result = await run(command, args, { cwd: repoRoot, env });
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.output}`);
  return result.output;
}

/** The Python program: the same estate as the YAML one, through the generated SDK. */
export function pythonProgram(password: string): Record<string, string> {
  return {
    "Pulumi.yaml": "name: estate-python\nruntime: python\n",
    "__main__.py": `import pulumi
import pulumi_digital99 as digital99

config = pulumi.Config()
protect = config.require_bool("protect")

acme = digital99.OnlineAccount(
    "acme",
    account_name=config.require("accountName"),
    agents=5,
    inboxes=2,
    admin_email="owner@acme.example",
    admin_name="Dana",
    admin_display_name="Dana",
    admin_password=pulumi.Output.secret(${JSON.stringify(password)}),
    deletion_protection=protect,
)
builder = digital99.Builder("builder", client_name="Acme", deletion_protection=protect)
support = digital99.WhatsAppInbox(
    "support",
    account_id=acme.account_id,
    inbox_name="Support",
    whatsapp_number="972501234568",
    deletion_protection=protect,
)
pulumi.export("accountId", acme.account_id)
`,
  };
}
