// PartnersClient: one object holding the connection pool, the token and the retry policy, with
// the API's endpoints grouped as the API groups them (online, builder, settings). Every method is
// one declaration from api/ bound to `call`, which validates the parameters, maps them to the
// documented wire names, sends through the one sender and normalises the answer.

import { inspect } from "node:util";
import type { z } from "zod";
import { sections } from "./api";
import { accessToken } from "./api/settings";
import { DebugLog, resolveDebugSink } from "./debug";
import type { Endpoint, EndpointDeclaration } from "./endpoints";
import { Digital99Error, PartnersAuthError, PartnersServerError } from "./errors";
import { describeShapeError } from "./lenient";
import {
  displayUrl,
  resolveOptions,
  type PartnersClientOptions,
  type ResolvedOptions,
} from "./options";
import { Redactor } from "./redact";
import { RequestSender, type ApiAnswer } from "./request";
import { validate } from "./rules";
import { TokenCache, type IssuedToken } from "./token";
import { Transport } from "./transport";
import type { Api, BuilderApi, OnlineApi, SettingsApi } from "./types";

const USER_AGENT = "pulumi-99digital-client";
/** Assumed when the token endpoint does not say when its token expires (documented: 1 hour). */
const DEFAULT_TOKEN_LIFETIME_MS = 3_600_000;

type AnyDeclaration = EndpointDeclaration<z.ZodType, z.ZodType>;

export class PartnersClient {
  readonly online: OnlineApi;
  readonly builder: BuilderApi;
  readonly settings: SettingsApi;

  private readonly options: ResolvedOptions;
  private readonly transport: Transport;
  private readonly sender: RequestSender;
  private readonly redactor = new Redactor();
  private closed = false;

  constructor(options: PartnersClientOptions) {
    this.options = resolveOptions(options);
    const o = this.options;
    this.redactor.add(o.clientSecret, { pinned: true });
    this.redactor.add(o.accessToken, { pinned: true });

    this.transport = new Transport({
      apiUrl: o.apiUrl,
      maxConcurrency: o.maxConcurrency,
      connectTimeoutMs: Math.min(10_000, o.requestTimeoutMs),
    });
    this.sender = new RequestSender({
      transport: this.transport,
      redactor: this.redactor,
      debug: new DebugLog(resolveDebugSink(o.debug), this.redactor),
      retry: {
        maxRetries: o.maxRetries,
        maxRetryTimeMs: o.maxRetryTimeMs,
        baseDelayMs: o.retryBaseDelayMs,
        maxDelayMs: o.retryMaxDelayMs,
      },
      requestTimeoutMs: o.requestTimeoutMs,
      userAgent: USER_AGENT,
    });
    const { clientId, clientSecret } = o;
    this.sender.useTokens(
      new TokenCache({
        accessToken: o.accessToken,
        fetch:
          clientId !== undefined && clientSecret !== undefined
            ? () => this.fetchToken(clientId, clientSecret)
            : undefined,
        isPermanentFailure: (error) => error instanceof PartnersAuthError,
      }),
    );

    this.online = this.bind(sections.online);
    this.builder = this.bind(sections.builder);
    this.settings = this.bind(sections.settings);
  }

  /** One method per declaration of a section. */
  private bind<S>(section: Record<string, AnyDeclaration>): Api<S> {
    return Object.fromEntries(
      Object.entries(section).map(([method, declaration]) => [
        method,
        (params?: unknown) => this.call(declaration, params ?? {}),
      ]),
    ) as Api<S>;
  }

  /**
   * What JSON.stringify, console.log and util.inspect show of the client: where it sends and with
   * which kind of credentials, never their values (its options, token cache and redactor hold
   * them, and a client logged while debugging a program would put them in a CI log).
   */
  toJSON(): { apiUrl: string; clientId?: string; credentials: string; closed: boolean } {
    const { apiUrl, clientId, clientSecret, accessToken } = this.options;
    return {
      apiUrl: displayUrl(apiUrl),
      ...(clientId !== undefined && { clientId }),
      credentials: [
        ...(clientSecret !== undefined ? ["client secret"] : []),
        ...(accessToken !== undefined ? ["access token"] : []),
      ].join(" and "),
      closed: this.closed,
    };
  }

  [inspect.custom](_depth: number, options: Parameters<typeof inspect>[1]): string {
    return `PartnersClient ${inspect(this.toJSON(), options)}`;
  }

  /** Ends the connection pool, after the requests in flight. Later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.transport.close();
  }

  private async call(declaration: AnyDeclaration, input: unknown): Promise<unknown> {
    if (this.closed) {
      throw new Digital99Error(`${declaration.name}: this PartnersClient is closed`, {
        endpoint: declaration.name,
        attempts: 0,
      });
    }
    const params = validate(declaration.params, input, declaration.name) as Record<string, unknown>;
    const secrets = declaration.secrets
      .map((key) => params[key])
      .filter((s): s is string => typeof s === "string");
    const answer = await this.sender.send(declaration, declaration.toWire(params), { secrets });
    return this.read(declaration, declaration.answer(params), answer);
  }

  /** Parses a successful answer; a misshapen one is a server error (ambiguous for a change). */
  private read<R>(endpoint: Endpoint, schema: z.ZodType<R>, answer: ApiAnswer): R {
    const parsed = schema.safeParse(answer.data);
    if (parsed.success) return parsed.data;
    const { name, mutates } = endpoint;
    const actedAnyway = mutates
      ? "; the server reported success, so the change has probably been made: check the remote state"
      : "";
    throw new PartnersServerError(
      `${name}: the server answered OK but not in the documented shape (${describeShapeError(parsed.error)})${actedAnyway}`,
      { endpoint: name, status: answer.status, ambiguous: mutates, attempts: answer.attempts },
    );
  }

  private async fetchToken(clientId: string, clientSecret: string): Promise<IssuedToken> {
    const params = { clientId, clientSecret };
    const answer = await this.sender.send(accessToken, accessToken.toWire(params), {
      secrets: [clientSecret],
    });
    const token = this.read(accessToken, accessToken.answer(params), answer);
    this.redactor.add(token.accessToken);
    return { token: token.accessToken, lifetimeMs: tokenLifetime(token.expiresAt, answer) };
  }
}

/** How long a token lives, measured on the server's clock when it sent one (clock skew). */
function tokenLifetime(expiresAt: number | undefined, answer: ApiAnswer): number {
  if (expiresAt === undefined) return DEFAULT_TOKEN_LIFETIME_MS;
  const date = answer.headers.date;
  const serverNow = typeof date === "string" ? Date.parse(date) : Number.NaN;
  const lifetime = expiresAt * 1000 - (Number.isNaN(serverNow) ? Date.now() : serverNow);
  // A token "expired at issue" means an unreadable expiry, not a useless token.
  return lifetime > 0 ? lifetime : DEFAULT_TOKEN_LIFETIME_MS;
}
