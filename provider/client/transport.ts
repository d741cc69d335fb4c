// One HTTP attempt over a keep-alive undici pool, bounded in time, in concurrency and in the size
// of the answer it reads. It reports what happened without judging it (request.ts decides), and
// in particular whether the request had started to go out: an attempt that never left cannot
// have changed anything remotely.

import type { IncomingHttpHeaders } from "node:http";
import { Pool, type Dispatcher } from "undici";
import type { HttpMethod } from "./endpoints";
import { Semaphore } from "./semaphore";

/**
 * The most the client reads of one answer. The largest real answer is getAccounts, about 200
 * bytes per account: 20,000 accounts are some 4 MB. A server that sends more is broken, and
 * would otherwise be buffered until the request timeout, however much that is.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface TransportOptions {
  /** e.g. "https://partners.99digital.co.il/api" (no trailing slash needed). */
  apiUrl: string;
  maxConcurrency: number;
  /** Upper bound on connecting: a slow connect fails fast and is known not to have been sent. */
  connectTimeoutMs: number;
  /** The most read of one answer; MAX_RESPONSE_BYTES unless a test needs a small limit. */
  maxResponseBytes?: number;
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
      /** The answer was longer than the limit: reading stopped, the connection was dropped. */
      kind: "too-large";
      status: number;
      headers: IncomingHttpHeaders;
      limitBytes: number;
      /** Bytes read before stopping (0 when the announced length alone was too much). */
      receivedBytes: number;
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

/** Abort reason when an answer outgrows the limit (stops undici reading the connection). */
class AnswerTooLarge extends Error {}

/** Decodes an answer's bytes as UTF-8, dropping a byte order mark, as undici's text() does. */
const utf8 = new TextDecoder();

export class Transport {
  private readonly pool: Pool;
  private readonly dispatcher: Dispatcher;
  private readonly basePath: string;
  private readonly slots: Semaphore;
  private readonly maxResponseBytes: number;

  constructor(options: TransportOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
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
      const tooLarge = (receivedBytes: number): AttemptResult => {
        deadline.abort(new AnswerTooLarge());
        response.body.destroy();
        return {
          kind: "too-large",
          status: response.statusCode,
          headers: response.headers,
          limitBytes: this.maxResponseBytes,
          receivedBytes,
          durationMs: elapsed(),
        };
      };
      try {
        if (Number(response.headers["content-length"]) > this.maxResponseBytes) return tooLarge(0);
        const chunks: Buffer[] = [];
        let received = 0;
        for await (const chunk of response.body as AsyncIterable<Buffer>) {
          received += chunk.length;
          if (received > this.maxResponseBytes) return tooLarge(received);
          chunks.push(chunk);
        }
        return {
          kind: "response",
          status: response.statusCode,
          headers: response.headers,
          body: utf8.decode(Buffer.concat(chunks, received)),
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
