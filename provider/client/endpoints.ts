// The endpoints of the Partners API (partners-api.md) and the two facts the sender needs about
// each: its HTTP method, and whether re-sending it could create a second object.

export type EndpointName =
  | "settings/accessToken"
  | "online/createAccount"
  | "online/getAccounts"
  | "online/updateAccount"
  | "online/deleteAccount"
  | "online/getAgents"
  | "online/loginAgent"
  | "online/createInbox"
  | "online/getInboxes"
  | "online/deleteInbox"
  | "builder/createBuilder"
  | "builder/getBuilders"
  | "builder/loginBuilder"
  | "builder/deleteBuilder"
  | "settings/setWebhook"
  | "settings/getWebhook"
  | "settings/setBusiness";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface Endpoint {
  name: EndpointName;
  method: HttpMethod;
  /**
   * Not idempotent: a second send creates a second object. Such a request is never re-sent
   * after an attempt that may have reached the server.
   */
  creates: boolean;
  /**
   * Can change something remotely. When false, a lost answer is never "ambiguous": there is
   * nothing to reconcile (reads, token and login links).
   */
  mutates: boolean;
  /** Needs `Authorization: Bearer`. */
  auth: boolean;
}

const table: Record<EndpointName, Omit<Endpoint, "name">> = {
  "settings/accessToken": { method: "POST", creates: false, auth: false, mutates: false },
  "online/createAccount": { method: "POST", creates: true, auth: true, mutates: true },
  "online/getAccounts": { method: "GET", creates: false, auth: true, mutates: false },
  "online/updateAccount": { method: "POST", creates: false, auth: true, mutates: true },
  "online/deleteAccount": { method: "DELETE", creates: false, auth: true, mutates: true },
  "online/getAgents": { method: "POST", creates: false, auth: true, mutates: false },
  "online/loginAgent": { method: "POST", creates: false, auth: true, mutates: false },
  "online/createInbox": { method: "POST", creates: true, auth: true, mutates: true },
  "online/getInboxes": { method: "POST", creates: false, auth: true, mutates: false },
  "online/deleteInbox": { method: "DELETE", creates: false, auth: true, mutates: true },
  "builder/createBuilder": { method: "POST", creates: true, auth: true, mutates: true },
  "builder/getBuilders": { method: "GET", creates: false, auth: true, mutates: false },
  "builder/loginBuilder": { method: "POST", creates: false, auth: true, mutates: false },
  "builder/deleteBuilder": { method: "DELETE", creates: false, auth: true, mutates: true },
  "settings/setWebhook": { method: "POST", creates: false, auth: true, mutates: true },
  "settings/getWebhook": { method: "GET", creates: false, auth: true, mutates: false },
  "settings/setBusiness": { method: "PATCH", creates: false, auth: true, mutates: true },
};

export const endpointNames = Object.keys(table) as EndpointName[];

export function endpoint(name: EndpointName): Endpoint {
  return { name, ...table[name] };
}
