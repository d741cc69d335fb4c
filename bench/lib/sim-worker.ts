// Worker-thread side of RemoteSimulator: one simulator and its probe, driven by messages.

import { parentPort, workerData } from "node:worker_threads";
import { startSimulator, type SimulatorOptions } from "../../simulator";
import { ServerProbe } from "./probe";
import { SetupDelayRelay } from "./setup-delay";
import type { SimCommand, SimReply } from "./remote-sim";

type WorkerOptions = SimulatorOptions & { connectionSetupMs?: number };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("sim-worker.ts runs as a worker thread");
  const { connectionSetupMs, ...options } = workerData as WorkerOptions;
  const sim = await startSimulator({ ...options, host: "127.0.0.1" });
  const probe = new ServerProbe(sim.port);
  const relay =
    connectionSetupMs === undefined
      ? undefined
      : await SetupDelayRelay.start(sim.port, connectionSetupMs);
  const post = (reply: SimReply) => port.postMessage(reply);
  post({
    id: 0,
    value: {
      url: sim.url,
      slowConnectUrl: relay && `http://127.0.0.1:${relay.port}/api`,
      port: sim.port,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
    },
  });

  port.on("message", (command: SimCommand) => {
    const answer = async (): Promise<unknown> => {
      switch (command.op) {
        case "injectFault":
          sim.injectFault(command.rule);
          return undefined;
        case "clearFaults":
          sim.clearFaults();
          return undefined;
        case "requestCount":
          return sim.requestCount(command.endpoint);
        case "accountCount":
          return sim.accounts().length;
        case "probe":
          return probe.stats();
        case "resetProbe":
          probe.reset();
          return undefined;
        case "close":
          probe.dispose();
          await relay?.close();
          await sim.close();
          return undefined;
      }
    };
    answer()
      .then(
        (value) => post({ id: command.id, value }),
        (error: unknown) => post({ id: command.id, error: String(error) }),
      )
      .finally(() => {
        // Nothing else holds the thread open: closing the port lets the worker exit.
        if (command.op === "close") port.close();
      });
  });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ id: 0, error: String(error) } satisfies SimReply);
});
