// A Partners API simulator in its own worker thread. The client under test and the server then
// run on separate event loops (and, on a multi-core machine, separate cores), as they would
// against the real API; in one thread, the server's work would be billed to the client's latency.

import path from "node:path";
import { Worker } from "node:worker_threads";
import type { FaultRule, SimulatorOptions } from "../../simulator";
import type { ProbeStats } from "./probe";

export type SimCommand = { id: number } & (
  | { op: "injectFault"; rule: FaultRule }
  | { op: "clearFaults" }
  | { op: "requestCount"; endpoint?: string }
  | { op: "accountCount" }
  | { op: "probe" }
  | { op: "resetProbe" }
  | { op: "close" }
);

export type SimReply = { id: number; value?: unknown; error?: string };

type Op = SimCommand extends infer C ? (C extends { op: infer O } ? O : never) : never;
type Args<O extends Op> = Omit<Extract<SimCommand, { op: O }>, "id" | "op">;

interface Started {
  url: string;
  slowConnectUrl?: string;
  port: number;
  clientId: string;
  clientSecret: string;
}

export class RemoteSimulator {
  /** `http://127.0.0.1:PORT/api` */
  readonly url: string;
  /** The same API behind a relay that delays each new connection (see setup-delay.ts). */
  readonly slowConnectUrl?: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SimReply) => void>();

  private constructor(
    private readonly worker: Worker,
    started: Started,
  ) {
    this.url = started.url;
    this.slowConnectUrl = started.slowConnectUrl;
    this.port = started.port;
    this.clientId = started.clientId;
    this.clientSecret = started.clientSecret;
    worker.on("message", (reply: SimReply) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      settle?.(reply);
    });
  }

  /**
   * Starts a simulator on 127.0.0.1, port 0, in a new worker thread; with `connectionSetupMs`,
   * also a relay in front of it that holds each new connection that long (`slowConnectUrl`).
   */
  static start(
    options: Omit<SimulatorOptions, "log" | "data" | "host" | "port"> & {
      connectionSetupMs?: number;
    } = {},
  ) {
    // The worker inherits this process's --import tsx, so it can load TypeScript.
    const worker = new Worker(path.join(__dirname, "sim-worker.ts"), {
      workerData: { ...options, port: 0 },
    });
    return new Promise<RemoteSimulator>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      worker.once("error", onError);
      worker.once("message", (reply: SimReply) => {
        worker.off("error", onError);
        if (reply.error !== undefined) {
          void worker.terminate();
          reject(new Error(`simulator worker: ${reply.error}`));
          return;
        }
        resolve(new RemoteSimulator(worker, reply.value as Started));
      });
    });
  }

  private send<O extends Op>(op: O, args: Args<O>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error === undefined ? resolve(reply.value) : reject(new Error(reply.error)),
      );
      this.worker.postMessage({ id, op, ...args });
    });
  }

  injectFault(rule: FaultRule): Promise<void> {
    return this.send("injectFault", { rule }).then(() => undefined);
  }

  clearFaults(): Promise<void> {
    return this.send("clearFaults", {}).then(() => undefined);
  }

  /** Requests received under /api, all or for one "section/action". */
  async requestCount(endpoint?: string): Promise<number> {
    return (await this.send("requestCount", { endpoint })) as number;
  }

  async accountCount(): Promise<number> {
    return (await this.send("accountCount", {})) as number;
  }

  /** Connections, requests and peak requests in flight since the last resetProbe. */
  async probe(): Promise<ProbeStats> {
    return (await this.send("probe", {})) as ProbeStats;
  }

  resetProbe(): Promise<void> {
    return this.send("resetProbe", {}).then(() => undefined);
  }

  /** Closes the simulator, then ends the worker. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    await this.send("close", {});
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
