// One HTTP attempt over a keep-alive undici pool, bounded in time and in concurrency. It reports
// what happened without judging it (request.ts decides), and in particular whether the request
// had started to go out: an attempt that never left cannot have changed anything remotely.

import type { IncomingHttpHeaders } from "node:http";
import { Pool, type Dispatcher } from "undici";
import type { HttpMethod } from "./endpoints";
import { Semaphore } from "./semaphore";

export interface TransportOptions {
  /** e.g. "https://partners.99digital.co.il/api" (no trailing slash needed). */
  apiUrl: string;
  maxConcurrency: number;
  /** Upper bound on connecting: a slow connect fails fast and is known not to have been sent. */
  connectTimeoutMs: number;
}

export interface AttemptRequest {
  method: HttpMethod;
  /** Relative to apiUrl, e.g. "online/createAccount". */
  path: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type AttemptResult =
  | {
      kind: "response";
      status: number;
      headers: IncomingHttpHeaders;
      body: string;
      durationMs: number;
    }
  | {
      kind: "failure";
      error: unknown;
      /** The request had started to be written to a connection. */
      sent: boolean;
      /** Our per-attempt deadline fired. */
      timedOut: boolean;
      /** Set when the failure happened while reading the body. */
      status?: number;
      headers?: IncomingHttpHeaders;
      durationMs: number;
    };

const onRequestStart = Symbol("digital99.onRequestStart");
type TrackedOptions = Dispatcher.DispatchOptions & { [onRequestStart]?: () => void };

/** Calls the request's `onRequestStart` hook when undici starts writing it to a socket. */
const trackSending: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const hook = (opts as TrackedOptions)[onRequestStart];
  return dispatch(opts, hook ? new NotifyingHandler(handler, hook) : handler);
};

class NotifyingHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly started: () => void,
  ) {}
  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.started();
    this.inner.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: import("node:stream").Duplex,
  ): void {
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }
  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }
  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }
  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.inner.onResponseError?.(controller, error);
  }
  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }
  onBodySent(chunk: Buffer): void {
    this.inner.onBodySent?.(chunk);
  }
  onRequestSent(): void {
    this.inner.onRequestSent?.();
  }
}

/** The deadline's abort reason, recognisable among other abort causes. */
class AttemptTimeout extends Error {}

export class Transport {
  private readonly pool: Pool;
  private readonly dispatcher: Dispatcher;
  private readonly basePath: string;
  private readonly slots: Semaphore;

  constructor(options: TransportOptions) {
    const url = new URL(options.apiUrl);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.pool = new Pool(url.origin, {
      connections: options.maxConcurrency,
      connectTimeout: options.connectTimeoutMs,
      // Our own per-attempt deadline (an AbortSignal) bounds headers and body together.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.dispatcher = this.pool.compose(trackSending);
    this.slots = new Semaphore(options.maxConcurrency);
  }

  /** Waits for a concurrency slot, then makes one attempt; the deadline starts with the slot. */
  attempt(request: AttemptRequest): Promise<AttemptResult> {
    return this.slots.run(() => this.send(request));
  }

  private async send(request: AttemptRequest): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new AttemptTimeout()), request.timeoutMs);
    let sent = false;
    const timedOut = () => deadline.signal.reason instanceof AttemptTimeout;
    try {
      const options: Dispatcher.RequestOptions & TrackedOptions = {
        method: request.method,
        path: `${this.basePath}/${request.path}`,
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        body: request.body,
        // undici closes the connection after a GET or DELETE with a body (some servers leave
        // such bodies unread); this API reads them, so keep the connection alive.
        reset: false,
        signal: deadline.signal,
        [onRequestStart]: () => {
          sent = true;
        },
      };
      let response: Dispatcher.ResponseData;
      try {
        response = await this.dispatcher.request(options);
      } catch (error) {
        return { kind: "failure", error, sent, timedOut: timedOut(), durationMs: elapsed() };
      }
      try {
        const body = await response.body.text();
        return {
          kind: "response",
          status: response.statusCode,
          headers: response.headers,
          body,
          durationMs: elapsed(),
        };
      } catch (error) {
        return {
          kind: "failure",
          error,
          sent: true,
          timedOut: timedOut(),
          status: response.statusCode,
          headers: response.headers,
          durationMs: elapsed(),
        };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the pool: waits for requests in flight, then closes every connection. */
  async close(): Promise<void> {
    if (!this.pool.closed) await this.pool.close();
  }
}
