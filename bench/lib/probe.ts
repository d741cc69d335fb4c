// What the server saw, measured on the server's side through Node's built-in diagnostics
// channels: TCP connections accepted, requests received, and the most requests in flight at
// once (received and not yet answered). Counting at the server, not in the client, is what makes
// "the client never exceeds its bound" a measurement rather than a restatement of the client.

import diagnostics from "node:diagnostics_channel";
import type http from "node:http";
import type net from "node:net";

export interface ProbeStats {
  connections: number;
  requests: number;
  maxInFlight: number;
}

interface RequestStart {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  socket: net.Socket;
}

export class ServerProbe {
  private connections = 0;
  private requests = 0;
  private inFlight = 0;
  private maxInFlight = 0;

  private readonly onSocket = (message: unknown): void => {
    if ((message as { socket: net.Socket }).socket.localPort === this.port) this.connections += 1;
  };

  private readonly onRequest = (message: unknown): void => {
    const { socket, response } = message as RequestStart;
    if (socket.localPort !== this.port) return;
    this.requests += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // "close" follows both a finished answer and a dropped connection.
    response.once("close", () => {
      this.inFlight -= 1;
    });
  };

  /** Observes the HTTP server listening on `port` (in this thread). */
  constructor(private readonly port: number) {
    diagnostics.subscribe("net.server.socket", this.onSocket);
    diagnostics.subscribe("http.server.request.start", this.onRequest);
  }

  stats(): ProbeStats {
    return {
      connections: this.connections,
      requests: this.requests,
      maxInFlight: this.maxInFlight,
    };
  }

  /** Starts counting afresh; requests still in flight stay counted as in flight. */
  reset(): void {
    this.connections = 0;
    this.requests = 0;
    this.maxInFlight = this.inFlight;
  }

  dispose(): void {
    diagnostics.unsubscribe("net.server.socket", this.onSocket);
    diagnostics.unsubscribe("http.server.request.start", this.onRequest);
  }
}
