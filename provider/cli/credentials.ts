// Where the subcommands that read the API get their credentials. Flags may name the API and the client id, which are not
// secret. A secret (client secret, access token) comes only from the environment or from stdin:
// a secret given as a flag value lands in shell history and in every process listing.

import type { PartnersClientOptions } from "../client";
import { apiUrlProblem } from "../client/options";
import { configKeys } from "../config";
import { UsageError } from "./usage-error";

/** The environment variables that stand for the `digital99:*` credential config keys. */
export const credentialEnv = {
  apiUrl: configKeys.apiUrl,
  allowInsecureHttp: configKeys.allowInsecureHttp,
  clientId: configKeys.clientId,
  clientSecret: configKeys.clientSecret,
  accessToken: configKeys.accessToken,
} as const;

/** Flags that would carry a secret; refused by name, their value never repeated. */
export const refusedSecretFlags = ["client-secret", "access-token"] as const;

export interface CredentialFlags {
  apiUrl?: string;
  /** --allow-insecure-http: http:// to a host other than loopback. */
  allowInsecureHttp?: boolean;
  clientId?: string;
  /** Which secret to read from stdin, if any. */
  secretFromStdin?: "clientSecret" | "accessToken";
}

/** The credential flags, as every subcommand that reads the API accepts them (node:util parseArgs). */
export const credentialOptions = {
  "api-url": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
  "client-id": { type: "string" },
  "client-secret-stdin": { type: "boolean" },
  "access-token-stdin": { type: "boolean" },
} as const;

/** What --help says about them. */
export const CREDENTIALS_USAGE = `Credentials (flags first, then the environment):
  --api-url URL               or ${credentialEnv.apiUrl} (default https://partners.99digital.co.il/api).
                              https:// unless the host is 127.0.0.1, [::1] or localhost
  --allow-insecure-http       or ${credentialEnv.allowInsecureHttp}=true: allow an http:// URL to
                              another host (credentials then travel unencrypted)
  --client-id ID              or ${credentialEnv.clientId}
  --client-secret-stdin       read the client secret from stdin; else ${credentialEnv.clientSecret}
  --access-token-stdin        read an access token from stdin; else ${credentialEnv.accessToken}
  Secrets are never accepted as flag values (they would stay in shell history).
  DIGITAL99_DEBUG=1 logs one redacted line per request on stderr.
`;

/** The credential flags of a parsed command line, checked: empty values, two secrets on stdin. */
export function credentialFlags(values: {
  "api-url"?: string;
  "allow-insecure-http"?: boolean;
  "client-id"?: string;
  "client-secret-stdin"?: boolean;
  "access-token-stdin"?: boolean;
}): CredentialFlags {
  for (const flag of ["api-url", "client-id"] as const) {
    if (values[flag] === "") throw new UsageError(`--${flag} must not be empty`);
  }
  if (values["client-secret-stdin"] && values["access-token-stdin"]) {
    throw new UsageError(
      "--client-secret-stdin and --access-token-stdin cannot be combined: stdin holds one secret",
    );
  }
  return {
    ...(values["api-url"] !== undefined && { apiUrl: values["api-url"] }),
    ...(values["allow-insecure-http"] && { allowInsecureHttp: true }),
    ...(values["client-id"] !== undefined && { clientId: values["client-id"] }),
    ...(values["client-secret-stdin"] && { secretFromStdin: "clientSecret" as const }),
    ...(values["access-token-stdin"] && { secretFromStdin: "accessToken" as const }),
  };
}

export function refuseSecretFlags(argv: readonly string[]): void {
  for (const arg of argv) {
    for (const flag of refusedSecretFlags) {
      if (arg === `--${flag}` || arg.startsWith(`--${flag}=`)) {
        throw new UsageError(
          `--${flag} is not accepted: a secret on the command line is kept in shell history and ` +
            `shown in process lists. Set ${flag === "client-secret" ? credentialEnv.clientSecret : credentialEnv.accessToken} ` +
            `in the environment, or pipe it in with --${flag}-stdin`,
        );
      }
    }
  }
}

/**
 * Client options from the flags, then the environment. `readStdin` is called only when a flag
 * asks for it. Missing credentials are a usage error naming every way to give them.
 */
export async function resolveCredentials(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
  readStdin: () => Promise<string>,
): Promise<PartnersClientOptions> {
  const fromEnv = (name: string) => (env[name] === "" ? undefined : env[name]);
  const apiUrl = flags.apiUrl ?? fromEnv(credentialEnv.apiUrl);
  const clientId = flags.clientId ?? fromEnv(credentialEnv.clientId);
  let clientSecret = fromEnv(credentialEnv.clientSecret);
  let accessToken = fromEnv(credentialEnv.accessToken);

  if (flags.secretFromStdin !== undefined) {
    const flag =
      flags.secretFromStdin === "clientSecret" ? "--client-secret-stdin" : "--access-token-stdin";
    // One line, without its line end: `printf %s "$SECRET" |` and `echo "$SECRET" |` both work.
    const secret = (await readStdin()).replace(/\r?\n$/, "");
    if (secret === "" || /[\r\n]/.test(secret)) {
      throw new UsageError(`${flag}: stdin must hold the secret on a single, non-empty line`);
    }
    if (flags.secretFromStdin === "clientSecret") clientSecret = secret;
    else accessToken = secret;
  }

  const insecureEnv = fromEnv(credentialEnv.allowInsecureHttp);
  if (insecureEnv !== undefined && insecureEnv !== "true" && insecureEnv !== "false") {
    throw new UsageError(`${credentialEnv.allowInsecureHttp} must be true or false`);
  }
  const allowInsecureHttp = flags.allowInsecureHttp === true || insecureEnv === "true";
  const problem =
    apiUrl === undefined
      ? undefined
      : apiUrlProblem(
          apiUrl,
          allowInsecureHttp,
          `--allow-insecure-http (or ${credentialEnv.allowInsecureHttp}=true)`,
        );
  if (problem) throw new UsageError(`--api-url (or ${credentialEnv.apiUrl}) ${problem.message}`);
  if (accessToken === undefined && (clientId === undefined || clientSecret === undefined)) {
    const missing = clientId === undefined ? "a client id" : "the client secret";
    throw new UsageError(
      `credentials are missing (${missing}): set ${credentialEnv.clientId} (or --client-id) and ` +
        `${credentialEnv.clientSecret} (or --client-secret-stdin), or ${credentialEnv.accessToken} ` +
        `(or --access-token-stdin)`,
    );
  }
  return {
    ...(apiUrl !== undefined && { apiUrl }),
    ...(allowInsecureHttp && { allowInsecureHttp }),
    ...(accessToken !== undefined && { accessToken }),
    ...(clientId !== undefined && clientSecret !== undefined && { clientId, clientSecret }),
  };
}
