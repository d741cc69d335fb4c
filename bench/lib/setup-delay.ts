// A TCP relay in front of the simulator that holds every new connection for a fixed time before
// passing bytes through: a model of what opening a connection costs over a network (TCP and TLS
// handshakes, a round trip or more each), which loopback does not have. Requests on a connection
// already open pass without delay, as they would on a real one.

import net from "node:net";

export class SetupDelayRelay {
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  private constructor(
    private readonly upstreamPort: number,
    private readonly setupMs: number,
  ) {
    this.server = net.createServer((downstream) => this.relay(downstream));
  }

  /** Listens on 127.0.0.1, port 0; resolves with the relay's port. */
  static async start(upstreamPort: number, setupMs: number): Promise<SetupDelayRelay> {
    const relay = new SetupDelayRelay(upstreamPort, setupMs);
    await new Promise<void>((resolve, reject) => {
      relay.server.once("error", reject);
      relay.server.listen(0, "127.0.0.1", () => resolve());
    });
    return relay;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  private relay(downstream: net.Socket): void {
    this.track(downstream);
    downstream.pause();
    const timer = setTimeout(() => {
      const upstream = net.connect(this.upstreamPort, "127.0.0.1", () => {
        downstream.pipe(upstream).pipe(downstream);
        downstream.resume();
      });
      this.track(upstream);
      const end = () => {
        downstream.destroy();
        upstream.destroy();
      };
      upstream.once("error", end).once("close", end);
      downstream.once("error", end).once("close", end);
    }, this.setupMs);
    downstream.once("close", () => clearTimeout(timer));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}
