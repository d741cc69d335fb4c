#!/usr/bin/env node
// The demo: the quickstart program (Pulumi.yaml at the root) applied with the
// real Pulumi engine to a local Partners API simulator whose data persists in
// .pulumi-demo/, with a local state backend beside it.
//   npm run demo               create or update the quickstart's accounts
//   npm run demo -- outputs    show the stack's outputs
//   npm run demo -- destroy    turn deletion protection off, then delete them
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const work = path.join(root, ".pulumi-demo");
const stack = "demo";
const configFile = path.join(work, `Pulumi.${stack}.yaml`);
const action = process.argv[2] ?? "up";
if (!["up", "outputs", "destroy"].includes(action)) {
  console.error(`usage: npm run demo [-- outputs | -- destroy]   (unknown action "${action}")`);
  process.exit(2);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});

async function main() {
  fs.mkdirSync(path.join(work, "state"), { recursive: true });
  if (!fs.existsSync(path.join(root, "dist", "provider", "index.js"))) {
    say("building the package (dist/)");
    await runAsync(process.execPath, [
      require.resolve("typescript/bin/tsc"),
      "-p",
      "tsconfig.json",
    ]);
  }
  const engine = findEngine();
  const { startSimulator } = require(path.join(root, "dist", "simulator"));
  const sim = await startSimulator({ port: 0, data: path.join(work, "simulator.json") });
  say(`Partners API simulator on ${sim.url} (data: .pulumi-demo/simulator.json)`);

  const env = {
    ...process.env,
    PATH: `${engine}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "1",
    DIGITAL99_API_URL: sim.url,
    DIGITAL99_CLIENT_ID: sim.clientId,
    DIGITAL99_CLIENT_SECRET: sim.clientSecret,
  };
  // Asynchronous: the simulator answers from this process's event loop.
  const pulumi = (...args) => runAsync("pulumi", [...args, "--non-interactive"], env);
  const withConfig = ["--stack", stack, "--config-file", configFile];
  try {
    await pulumi("stack", "select", stack, "--create");
    // Creating the stack writes its encryption salt beside Pulumi.yaml; the
    // demo keeps every file of its own under .pulumi-demo/.
    const written = path.join(root, `Pulumi.${stack}.yaml`);
    if (fs.existsSync(written)) {
      if (fs.existsSync(configFile)) fs.rmSync(written);
      else fs.renameSync(written, configFile);
    }
    if (
      !fs.existsSync(configFile) ||
      !fs.readFileSync(configFile, "utf8").includes("adminPassword")
    ) {
      await pulumi("config", "set", "--secret", "adminPassword", "Demo!Passw0rd", ...withConfig);
    }
    if (action === "up") {
      say("pulumi up: the quickstart's three accounts");
      await pulumi("up", "--yes", "--skip-preview", ...withConfig);
      printAccounts(sim);
      say(
        [
          "Look at them:",
          "  the stack's outputs:    npm run demo -- outputs",
          "  the simulator's data:   .pulumi-demo/simulator.json",
          "Run `npm run demo` again: nothing changes. Tear down with `npm run demo -- destroy`.",
        ].join("\n"),
      );
    } else if (action === "outputs") {
      await pulumi("stack", "output", "--stack", stack);
      printAccounts(sim);
    } else {
      say("turning deletionProtection off, then pulumi destroy");
      await pulumi("config", "set", "deletionProtection", "false", ...withConfig);
      await pulumi("up", "--yes", "--skip-preview", ...withConfig);
      await pulumi("destroy", "--yes", "--skip-preview", ...withConfig);
      await pulumi("config", "rm", "deletionProtection", ...withConfig);
      printAccounts(sim);
    }
  } finally {
    await sim.close();
  }
}

function findEngine() {
  say(
    "looking for the Pulumi engine (on PATH, in .tools/pulumi, or built from Pulumi's Go modules)",
  );
  const result = spawnSync("bash", [path.join(root, "scripts", "pulumi-engine.sh")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error("no Pulumi engine: scripts/pulumi-engine.sh failed (see above)");
  const dir = result.stdout.trim().split("\n").pop();
  say(`Pulumi engine: ${path.join(dir, "pulumi")}`);
  return dir;
}

function printAccounts(sim) {
  const accounts = sim.accounts();
  say(`the simulator holds ${accounts.length} account(s):`);
  for (const a of accounts) {
    console.log(
      `  ${a.server}/${a.accountId}  ${a.accountName}  (${a.status}, ${a.agents} agents, ${a.inboxes} inboxes)`,
    );
  }
}

function runAsync(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args[0]} exited with ${code ?? signal}`)),
    );
  });
}

function say(message) {
  console.log(`\n== ${message}`);
}
