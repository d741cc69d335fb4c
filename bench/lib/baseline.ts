// Baselines without PartnersClient: the same API calls sent with undici directly, to isolate
// one design choice at a time (connection reuse, token sharing).

import { Client, Pool, type Dispatcher } from "undici";

export interface Target {
  origin: string;
  /** "/api" */
  basePath: string;
}

export function target(apiUrl: string): Target {
  const url = new URL(apiUrl);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, "") };
}

async function answer(response: Dispatcher.ResponseData): Promise<Record<string, unknown>> {
  const body = (await response.body.json()) as Record<string, unknown>;
  if (response.statusCode !== 200 || body.status !== "OK") {
    throw new Error(`HTTP ${response.statusCode}, reason ${String(body.reason)}`);
  }
  return body;
}

/** settings/accessToken with the client id and secret: one token request. */
export async function fetchToken(
  dispatcher: Dispatcher,
  t: Target,
  credentials: { clientId: string; clientSecret: string },
): Promise<string> {
  const body = await answer(
    await dispatcher.request({
      origin: t.origin,
      method: "POST",
      path: `${t.basePath}/settings/accessToken`,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
    }),
  );
  return String(body.access_token);
}

/** online/getAccounts over the given dispatcher (a keep-alive pool, say). */
export async function getAccounts(dispatcher: Dispatcher, t: Target, token: string) {
  return answer(
    await dispatcher.request({
      origin: t.origin,
      method: "GET",
      path: `${t.basePath}/online/getAccounts`,
      headers: { authorization: `Bearer ${token}` },
    }),
  );
}

/** online/getAccounts over a connection of its own, opened for it and closed after it. */
export async function getAccountsOnNewConnection(t: Target, token: string) {
  const client = new Client(t.origin);
  try {
    return await getAccounts(client, t, token);
  } finally {
    await client.close();
  }
}

/** A keep-alive pool like the client's, without the client around it. */
export function keepAlivePool(t: Target, connections: number): Pool {
  return new Pool(t.origin, { connections });
}
