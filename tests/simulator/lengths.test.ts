// Every length limit of partners-api.md, at the limit and one beyond, in
// scripts whose characters take one UTF-16 unit (Hebrew) and two (emoji, and
// the CJK ideograph 𠮷): the contract counts characters, so the simulator
// counts code points.
import assert from "node:assert/strict";
import { Api, startWithApi } from "./helpers";

const SCRIPTS: Record<string, string> = {
  Hebrew: "שלום עולם",
  CJK: "漢字𠮷かな",
  emoji: "😀🚀👍",
};

const ASCII = { ASCII: "abc" };

/** Exactly `n` code points of the script, cycled. */
function text(script: string, n: number): string {
  const chars = Array.from(script);
  return Array.from({ length: n }, (_, i) => chars[i % chars.length]).join("");
}

/** `n` code points in all: the prefix, then the script. */
const padded = (prefix: string) => (script: string, n: number) =>
  prefix + text(script, n - Array.from(prefix).length);

/**
 * `n` characters of URL: the prefix, then a path. A URL is ASCII (another script goes %-encoded,
 * an IDN host in its xn-- form), so its length is the same however it is counted.
 */
const url = (prefix: string) => (_script: string, n: number) => padded(prefix)("abc", n);

interface Limit {
  endpoint: string;
  method: string;
  field: string;
  max: number;
  reason: number;
  /** A value of exactly n characters in the script. */
  value?: (script: string, n: number) => string;
  /** The scripts it is tried in; default SCRIPTS. */
  scripts?: Record<string, string>;
  /** The rest of a valid body; `unique` differs on every call. */
  body: (accountId: number, unique: number) => Record<string, unknown>;
}

const account = (_: number, unique: number) =>
  Api.account({ admin_email: `a${unique}@x.example.com` });
const inbox = (accountId: number, unique: number) => ({
  inbox_type: "whatsapp",
  inbox_name: "Support",
  whatsapp_number: ["972501234567", "972501234568"][unique % 2],
  account_id: accountId,
  server: "online",
});

const limits: Limit[] = [
  {
    endpoint: "online/createAccount",
    method: "POST",
    field: "account_name",
    max: 100,
    reason: 36,
    body: account,
  },
  {
    endpoint: "online/createAccount",
    method: "POST",
    field: "admin_name",
    max: 50,
    reason: 39,
    body: account,
  },
  {
    endpoint: "online/createAccount",
    method: "POST",
    field: "admin_displayName",
    max: 50,
    reason: 39,
    body: account,
  },
  {
    endpoint: "online/createAccount",
    method: "POST",
    field: "admin_password",
    max: 50,
    reason: 40,
    value: padded("Ab!"),
    body: account,
  },
  {
    endpoint: "online/updateAccount",
    method: "POST",
    field: "account_name",
    max: 100,
    reason: 36,
    body: (accountId) => ({ account_id: accountId, server: "online" }),
  },
  {
    endpoint: "online/updateAccount",
    method: "POST",
    field: "builder_url",
    max: 150,
    reason: 44,
    value: url("https://builder.example.com/"),
    scripts: ASCII,
    body: (accountId) => ({ account_id: accountId, server: "online" }),
  },
  {
    endpoint: "online/createInbox",
    method: "POST",
    field: "inbox_name",
    max: 50,
    reason: 47,
    body: inbox,
  },
  {
    endpoint: "builder/createBuilder",
    method: "POST",
    field: "client_name",
    max: 100,
    reason: 30,
    body: () => ({}),
  },
  {
    endpoint: "settings/setWebhook",
    method: "POST",
    field: "url",
    max: 512,
    reason: 13,
    value: url("https://hooks.example.com/"),
    scripts: ASCII,
    body: () => ({}),
  },
  {
    endpoint: "settings/setBusiness",
    method: "PATCH",
    field: "onboarding_logo",
    max: 512,
    reason: 28,
    value: url("https://cdn.example.com/"),
    scripts: ASCII,
    body: () => ({}),
  },
  {
    endpoint: "settings/setBusiness",
    method: "PATCH",
    field: "onboarding_message",
    max: 200,
    reason: 29,
    body: () => ({}),
  },
  {
    endpoint: "settings/setBusiness",
    method: "PATCH",
    field: "onboarding_button",
    max: 50,
    reason: 30,
    body: () => ({}),
  },
  {
    endpoint: "settings/setBusiness",
    method: "PATCH",
    field: "onboarding_success",
    max: 200,
    reason: 31,
    body: () => ({}),
  },
  {
    endpoint: "settings/setBusiness",
    method: "PATCH",
    field: "onboarding_failed",
    max: 200,
    reason: 31,
    body: () => ({}),
  },
];

describe("simulator: length limits count characters", () => {
  let api: Api;
  let accountId: number;
  let unique = 0;
  before(async () => {
    api = await startWithApi();
  });
  beforeEach(async () => {
    api.sim.reset();
    ({ accountId } = await api.createAccount({ inboxes: 5 }));
  });
  after(() => api.sim.close());

  for (const limit of limits) {
    for (const [name, script] of Object.entries(limit.scripts ?? SCRIPTS)) {
      it(`${limit.endpoint} ${limit.field}: ${limit.max} ${name} characters fit, ${limit.max + 1} do not`, async () => {
        const make = limit.value ?? text;
        const send = (n: number) => {
          const value = make(script, n);
          assert.equal(Array.from(value).length, n);
          return api.call(limit.method, limit.endpoint, {
            ...limit.body(accountId, unique++),
            [limit.field]: value,
          });
        };
        const fits = await send(limit.max);
        assert.equal(fits.json.reason, 1, fits.text);
        const beyond = await send(limit.max + 1);
        assert.deepEqual(beyond.json, { status: "FAIL", reason: limit.reason });
      });
    }
  }
});
