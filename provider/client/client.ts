// PartnersClient: one object holding the connection pool, the token and the retry policy, with
// the API's endpoints grouped as the API groups them (online, builder, settings). Each method
// validates its parameters, maps them to the documented wire names, sends through the one
// sender and normalises the answer.

import { z } from "zod";
import { DebugLog, resolveDebugSink } from "./debug";
import { endpoint, type EndpointName } from "./endpoints";
import { Digital99Error, PartnersAuthError, PartnersServerError } from "./errors";
import { resolveOptions, type PartnersClientOptions, type ResolvedOptions } from "./options";
import { Redactor } from "./redact";
import { RequestSender, type ApiAnswer } from "./request";
import * as responses from "./responses";
import type {
  AccountSummary,
  Agent,
  BuilderSummary,
  BusinessSettings,
  CreatedAccount,
  CreatedBuilder,
  CreatedInbox,
  Inbox,
  LoginLink,
  UpdatedAccount,
  Webhook,
} from "./responses";
import * as schemas from "./schemas";
import type {
  AccountRef,
  BuilderRef,
  CreateAccountParams,
  CreateBuilderParams,
  CreateInboxParams,
  DeleteInboxParams,
  LoginAgentParams,
  SetBusinessParams,
  SetWebhookParams,
  UpdateAccountParams,
} from "./schemas";
import { TokenCache, type IssuedToken } from "./token";
import { Transport } from "./transport";

const USER_AGENT = "pulumi-99digital-client";
const DEFAULT_SERVER = "online";
/** Assumed when the token endpoint does not say when its token expires (documented: 1 hour). */
const DEFAULT_TOKEN_LIFETIME_MS = 3_600_000;

export interface OnlineApi {
  /** Creates an account and its first admin agent. Not idempotent: never re-sent when ambiguous. */
  createAccount(params: CreateAccountParams): Promise<CreatedAccount>;
  getAccounts(): Promise<AccountSummary[]>;
  updateAccount(params: UpdateAccountParams): Promise<UpdatedAccount>;
  /** Deletes an account and everything in it, irreversibly. */
  deleteAccount(params: AccountRef): Promise<void>;
  getAgents(params: AccountRef): Promise<Agent[]>;
  loginAgent(params: LoginAgentParams): Promise<LoginLink>;
  /** Not idempotent: never re-sent when ambiguous. */
  createInbox(params: CreateInboxParams): Promise<CreatedInbox>;
  getInboxes(params: AccountRef): Promise<Inbox[]>;
  deleteInbox(params: DeleteInboxParams): Promise<void>;
}

export interface BuilderApi {
  /** Not idempotent: never re-sent when ambiguous. */
  createBuilder(params: CreateBuilderParams): Promise<CreatedBuilder>;
  getBuilders(): Promise<BuilderSummary[]>;
  loginBuilder(params: BuilderRef): Promise<LoginLink>;
  deleteBuilder(params: BuilderRef): Promise<void>;
}

export interface SettingsApi {
  setWebhook(params: SetWebhookParams): Promise<{ url: string }>;
  getWebhook(): Promise<Webhook>;
  setBusiness(params: SetBusinessParams): Promise<BusinessSettings>;
}

interface Call<P, R> {
  endpoint: EndpointName;
  schema: z.ZodType<P>;
  params: unknown;
  body: (p: P) => Record<string, unknown>;
  result: (p: P) => z.ZodType<R>;
  /** Secret values in the parameters, masked wherever they might echo. */
  secrets?: (p: P) => (string | undefined)[];
}

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
    this.redactor.add(o.clientSecret);
    this.redactor.add(o.accessToken);

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

    this.online = {
      createAccount: (params) =>
        this.call({
          endpoint: "online/createAccount",
          schema: schemas.createAccountParamsSchema,
          params,
          body: createAccountBody,
          result: (p) => responses.createAccountResponse(p.server ?? DEFAULT_SERVER),
          secrets: (p) => [p.adminPassword],
        }),
      getAccounts: () => this.call(noParams("online/getAccounts", responses.getAccountsResponse)),
      updateAccount: (params) =>
        this.call({
          endpoint: "online/updateAccount",
          schema: schemas.updateAccountParamsSchema,
          params,
          body: (p) =>
            compact({
              account_id: p.accountId,
              server: p.server,
              account_name: p.accountName,
              account_status: p.status === undefined ? undefined : p.status === "active" ? 1 : 0,
              builder_url: p.builderUrl,
            }),
          result: (p) => responses.updateAccountResponse(p),
        }),
      deleteAccount: async (params) => {
        await this.call({
          endpoint: "online/deleteAccount",
          schema: schemas.deleteAccountParamsSchema,
          params,
          body: accountRefBody,
          result: () => anything,
        });
      },
      getAgents: (params) =>
        this.call({
          endpoint: "online/getAgents",
          schema: schemas.getAgentsParamsSchema,
          params,
          body: accountRefBody,
          result: () => responses.getAgentsResponse,
        }),
      loginAgent: (params) =>
        this.call({
          endpoint: "online/loginAgent",
          schema: schemas.loginAgentParamsSchema,
          params,
          body: (p) => ({ ...accountRefBody(p), agentID: p.agentId }),
          result: () => responses.loginResponse,
        }),
      createInbox: (params) =>
        this.call({
          endpoint: "online/createInbox",
          schema: schemas.createInboxParamsSchema,
          params,
          body: (p) =>
            compact({
              inbox_type: "whatsapp",
              inbox_name: p.inboxName,
              whatsapp_number: p.whatsappNumber,
              account_id: p.accountId,
              server: p.server,
              reference: p.reference,
              import_history: p.importHistory === undefined ? undefined : p.importHistory ? 1 : 0,
            }),
          result: (p) => responses.createInboxResponse(p),
        }),
      getInboxes: (params) =>
        this.call({
          endpoint: "online/getInboxes",
          schema: schemas.getInboxesParamsSchema,
          params,
          body: accountRefBody,
          result: () => responses.getInboxesResponse,
        }),
      deleteInbox: async (params) => {
        await this.call({
          endpoint: "online/deleteInbox",
          schema: schemas.deleteInboxParamsSchema,
          params,
          body: (p) => ({ ...accountRefBody(p), inboxID: p.inboxId }),
          result: () => anything,
        });
      },
    };

    this.builder = {
      createBuilder: (params) =>
        this.call({
          endpoint: "builder/createBuilder",
          schema: schemas.createBuilderParamsSchema,
          params,
          body: (p) => compact({ client_name: p.clientName, reference: p.reference }),
          result: (p) => responses.createBuilderResponse(p.clientName),
        }),
      getBuilders: () => this.call(noParams("builder/getBuilders", responses.getBuildersResponse)),
      loginBuilder: (params) =>
        this.call({
          endpoint: "builder/loginBuilder",
          schema: schemas.loginBuilderParamsSchema,
          params,
          body: (p) => ({ builderID: p.builderId }),
          result: () => responses.loginResponse,
        }),
      deleteBuilder: async (params) => {
        await this.call({
          endpoint: "builder/deleteBuilder",
          schema: schemas.deleteBuilderParamsSchema,
          params,
          body: (p) => ({ builderID: p.builderId }),
          result: () => anything,
        });
      },
    };

    this.settings = {
      setWebhook: (params) =>
        this.call({
          endpoint: "settings/setWebhook",
          schema: schemas.setWebhookParamsSchema,
          params,
          body: (p) => ({ url: p.url }),
          result: (p) => responses.webhookResponse.transform((r) => ({ url: r.url ?? p.url })),
        }),
      getWebhook: () => this.call(noParams("settings/getWebhook", responses.webhookResponse)),
      setBusiness: (params) =>
        this.call({
          endpoint: "settings/setBusiness",
          schema: schemas.setBusinessParamsSchema,
          params,
          body: (p) =>
            compact({
              onboarding_logo: p.onboardingLogo,
              onboarding_message: p.onboardingMessage,
              onboarding_button: p.onboardingButton,
              onboarding_success: p.onboardingSuccess,
              onboarding_failed: p.onboardingFailed,
            }),
          result: (p) => responses.setBusinessResponse(p),
        }),
    };
  }

  /** Ends the connection pool, after the requests in flight. Later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.transport.close();
  }

  private async call<P, R>(call: Call<P, R>): Promise<R> {
    if (this.closed) {
      throw new Digital99Error(`${call.endpoint}: this PartnersClient is closed`, {
        endpoint: call.endpoint,
      });
    }
    const ep = endpoint(call.endpoint);
    const params = schemas.validate(call.schema, call.params, call.endpoint);
    const secrets = (call.secrets?.(params) ?? []).filter((s): s is string => s !== undefined);
    const answer = await this.sender.send(ep, call.body(params), { secrets });
    return this.read(call.endpoint, call.result(params), answer, ep.mutates);
  }

  /** Parses a successful answer; a misshapen one is a server error (ambiguous for a change). */
  private read<R>(
    name: EndpointName,
    schema: z.ZodType<R>,
    answer: ApiAnswer,
    mutates: boolean,
  ): R {
    const parsed = schema.safeParse(answer.data);
    if (parsed.success) return parsed.data;
    const actedAnyway = mutates
      ? "; the server reported success, so the change has probably been made: check the remote state"
      : "";
    throw new PartnersServerError(
      `${name}: the server answered OK but not in the documented shape (${responses.describeShapeError(parsed.error)})${actedAnyway}`,
      { endpoint: name, status: answer.status, ambiguous: mutates },
    );
  }

  private async fetchToken(clientId: string, clientSecret: string): Promise<IssuedToken> {
    const answer = await this.sender.send(
      endpoint("settings/accessToken"),
      { client_id: clientId, client_secret: clientSecret },
      { secrets: [clientSecret] },
    );
    const token = this.read("settings/accessToken", responses.accessTokenResponse, answer, false);
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

// ---------------------------------------------------------------------------------------------
// Wire bodies: exactly the documented names per endpoint (account_id vs accountID)

function createAccountBody(p: CreateAccountParams): Record<string, unknown> {
  const mode = p.adminTwoFactor ?? "none";
  return compact({
    account_name: p.accountName,
    agents: p.agents,
    inboxes: p.inboxes,
    admin_email: p.adminEmail,
    admin_name: p.adminName,
    admin_displayName: p.adminDisplayName,
    admin_password: p.adminPassword,
    admin_2fa: p.adminTwoFactor === undefined ? undefined : { none: 0, email: 1, sms: 2 }[mode],
    admin_2fa_value: mode === "none" ? undefined : p.adminTwoFactorDestination,
    server: p.server,
    reference: p.reference,
  });
}

function accountRefBody(p: AccountRef): Record<string, unknown> {
  return { accountID: p.accountId, server: p.server ?? DEFAULT_SERVER };
}

function compact(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/** For endpoints whose answer carries nothing the caller needs. */
const anything = z.unknown();

function noParams<R>(name: EndpointName, result: z.ZodType<R>): Call<object, R> {
  return {
    endpoint: name,
    schema: z.object({}),
    params: {},
    body: () => ({}),
    result: () => result,
  };
}
