// Provider configuration: the `digital99:*` stack config keys, with the
// DIGITAL99_* environment variables as fallback. Read at run time inside the
// provider process, so credentials never travel in the serialized provider.
import type { PartnersClientOptions } from "./client";

/** The config keys of the `digital99` namespace and their environment fallbacks. */
export const configKeys = {
  clientId: "DIGITAL99_CLIENT_ID",
  clientSecret: "DIGITAL99_CLIENT_SECRET",
  accessToken: "DIGITAL99_ACCESS_TOKEN",
  apiUrl: "DIGITAL99_API_URL",
  requestTimeoutMs: undefined,
  maxRetries: undefined,
  maxConcurrency: undefined,
} as const;

export type ConfigKey = keyof typeof configKeys;

/** Looks a key up by its full name, e.g. `digital99:clientId`. */
export type ConfigLookup = (fullKey: string) => string | undefined;

export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderConfigError";
  }
}

/**
 * Resolves client options from config, then environment. Every problem names
 * the key and the rule; secret values are never echoed.
 */
export function resolveClientOptions(
  lookup: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
): PartnersClientOptions {
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
  if (apiUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(apiUrl)) {
    throw new ProviderConfigError(
      `digital99:apiUrl must be an http(s) URL such as https://partners.99digital.co.il/api (got "${apiUrl}")`,
    );
  }

  return {
    ...(apiUrl !== undefined && { apiUrl }),
    // With both, the token is used first and the pair renews it when it expires.
    ...(accessToken && { accessToken }),
    ...(clientId && clientSecret && { clientId, clientSecret }),
    ...optionalInteger("requestTimeoutMs", value("requestTimeoutMs"), 1),
    ...optionalInteger("maxRetries", value("maxRetries"), 0),
    ...optionalInteger("maxConcurrency", value("maxConcurrency"), 1),
  };
}

function optionalInteger(
  key: "requestTimeoutMs" | "maxRetries" | "maxConcurrency",
  raw: string | undefined,
  min: number,
): Partial<Record<typeof key, number>> {
  if (raw === undefined) return {};
  const parsed = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    throw new ProviderConfigError(
      `digital99:${key} must be a whole number of at least ${min} (got "${raw}")`,
    );
  }
  return { [key]: parsed };
}
