// Provider configuration: the `digital99:*` stack config keys, with the
// DIGITAL99_* environment variables as fallback. Read at run time inside the
// provider process, so credentials never travel in the serialized provider.
import { PartnersValidationError, type PartnersClientOptions } from "./client";
import { resolveOptions, type ResolvedOptions } from "./client/options";

/** The config keys of the `digital99` namespace and their environment fallbacks. */
export const configKeys = {
  clientId: "DIGITAL99_CLIENT_ID",
  clientSecret: "DIGITAL99_CLIENT_SECRET",
  accessToken: "DIGITAL99_ACCESS_TOKEN",
  apiUrl: "DIGITAL99_API_URL",
  allowInsecureHttp: "DIGITAL99_ALLOW_INSECURE_HTTP",
  requestTimeoutMs: undefined,
  maxRetries: undefined,
  maxConcurrency: undefined,
} as const;

export type ConfigKey = keyof typeof configKeys;

/** The keys whose values are credentials: set with `pulumi config set --secret`, never shown. */
export const secretConfigKeys: readonly ConfigKey[] = ["clientSecret", "accessToken"];

/** Looks a key up by its full name, e.g. `digital99:clientId`. */
export type ConfigLookup = (fullKey: string) => string | undefined;

export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderConfigError";
  }
}

/**
 * Resolves client options from config, then environment, and checks them once with the client's
 * own rules (so a rule is stated once). Every problem names the config key and the rule; secret
 * values are never echoed.
 */
export function resolveClientOptions(
  lookup: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<PartnersClientOptions> = {},
): ResolvedOptions {
  const value = (key: ConfigKey): string | undefined => {
    const fromConfig = lookup(`digital99:${key}`);
    if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
    const envName = configKeys[key];
    const fromEnv = envName ? env[envName] : undefined;
    return fromEnv === "" ? undefined : fromEnv;
  };

  const clientId = value("clientId");
  const clientSecret = value("clientSecret");
  const accessToken = value("accessToken");
  if (!accessToken && (!clientId || !clientSecret)) {
    const missing =
      !clientId && !clientSecret ? "" : ` (${clientId ? "clientSecret" : "clientId"} is missing)`;
    throw new ProviderConfigError(
      `99digital credentials are not configured${missing}: set digital99:clientId and ` +
        `digital99:clientSecret (pulumi config set --secret digital99:clientSecret ...), or ` +
        `digital99:accessToken, or the environment variables DIGITAL99_CLIENT_ID and ` +
        `DIGITAL99_CLIENT_SECRET, or DIGITAL99_ACCESS_TOKEN`,
    );
  }

  const apiUrl = value("apiUrl");
  const options: PartnersClientOptions = {
    ...(apiUrl !== undefined && { apiUrl }),
    ...flag("allowInsecureHttp", value("allowInsecureHttp")),
    // With both, the token is used first and the pair renews it when it expires.
    ...(accessToken && { accessToken }),
    ...(clientId && clientSecret && { clientId, clientSecret }),
    ...wholeNumber("requestTimeoutMs", value("requestTimeoutMs")),
    ...wholeNumber("maxRetries", value("maxRetries")),
    ...wholeNumber("maxConcurrency", value("maxConcurrency")),
    ...overrides,
  };
  try {
    return resolveOptions(options);
  } catch (error) {
    if (!(error instanceof PartnersValidationError)) throw error;
    throw new ProviderConfigError(
      error.issues
        .map(
          (issue) =>
            asConfigKeys(issue.message) +
            (issue.field === "apiUrl" ? ` (got ${shownUrl(apiUrl)})` : ""),
        )
        .join("; "),
    );
  }
}

/** Client option names as a message mentions them: each is also a config key. */
const OPTION_NAMES = new RegExp(`\\b(${Object.keys(configKeys).join("|")})\\b`, "g");

/** A client message about its options, naming the config keys that set them instead. */
function asConfigKeys(message: string): string {
  return message.replace(OPTION_NAMES, "digital99:$1");
}

/** A config string as the boolean the client option takes; anything else fails its rule there. */
function flag(
  key: "allowInsecureHttp",
  raw: string | undefined,
): Partial<Record<typeof key, boolean>> {
  if (raw === undefined) return {};
  return { [key]: raw === "true" ? true : raw === "false" ? false : (raw as unknown as boolean) };
}

/** A config string as the number the client option takes; anything else fails its rule there. */
function wholeNumber(
  key: "requestTimeoutMs" | "maxRetries" | "maxConcurrency",
  raw: string | undefined,
): Partial<Record<typeof key, number>> {
  if (raw === undefined) return {};
  return { [key]: /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN };
}

/** The configured apiUrl, quoted and cut short: it is not secret, but it may be long. */
function shownUrl(url: string | undefined): string {
  const text = JSON.stringify(url ?? "");
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
