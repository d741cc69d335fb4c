// The two readings of the contract, held against each other: the rules the package checks
// before sending (the resource's check, the client's parameter schemas) and the simulator's own
// reading of partners-api.md. One table of boundary values goes to both; they must agree on what
// is accepted, except where a difference is listed below with its reason.
import assert from "node:assert/strict";
import { request } from "undici";
import { online, builder, settings } from "../../provider/client/api";
import {
  accountInputs,
  startProviderFixture,
  type ProviderFixture,
} from "../provider/resources/fixtures";

type Target =
  | "createAccount"
  | "updateAccount"
  | "createInbox"
  | "createBuilder"
  | "setWebhook"
  | "setBusiness";

interface Case {
  target: Target;
  field: string;
  value: unknown;
  /** Other fields the case needs (e.g. the 2FA mode for a destination). */
  with?: Record<string, unknown>;
}

const pad = (prefix: string, length: number, fill = "a") =>
  prefix + fill.repeat(Math.max(0, length - [...prefix].length));
const url = (length: number) => pad("https://builder.example/", length);
const email = (length: number) => pad("", length - "@acme.example".length, "x") + "@acme.example";

/** Text fields: at the limit and one beyond, in Latin, Hebrew, CJK and emoji. */
function lengths(target: Target, field: string, max: number): Case[] {
  const cases: Case[] = [];
  for (const char of ["a", "א", "中", "😀"]) {
    cases.push({ target, field, value: char.repeat(max) });
    cases.push({ target, field, value: char.repeat(max + 1) });
  }
  cases.push({ target, field, value: "" }, { target, field, value: "   " });
  return cases;
}

const table: Case[] = [
  ...lengths("createAccount", "accountName", 100),
  ...lengths("createAccount", "adminName", 50),
  ...lengths("createAccount", "adminDisplayName", 50),
  ...[1, 9999, 0, 10000, 2.5, -1].map((value) => ({
    target: "createAccount" as const,
    field: "agents",
    value,
  })),
  ...[1, 999, 0, 1000].map((value) => ({
    target: "createAccount" as const,
    field: "inboxes",
    value,
  })),
  ...[
    email(50),
    email(51),
    "owner@acme.example",
    "first.last+tag@acme.co.il",
    "owner@acme",
    "owner@@acme.example",
    "own er@acme.example",
    "owner@acme..example",
    ".owner@acme.example",
    "owner.@acme.example",
    "אב@acme.example",
    "owner@אקמה.example",
    "owner@acme.example.",
    "owner@-acme.example",
    "owner@acme.e",
    "owner@acme.123",
    "owner@acme.xn--p1ai",
    "o{w}ner@acme.example",
  ].map((value) => ({ target: "createAccount" as const, field: "adminEmail", value })),
  ...[
    "Abcde!",
    "Abcd!",
    "abcdef!",
    "ABCDEF!",
    "Abcdef1",
    pad("Ab!", 50, "x"),
    pad("Ab!", 51, "x"),
    "Ab!😀😀😀",
    "Ab😀😀😀😀",
    "Abcdé!",
  ].map((value) => ({ target: "createAccount" as const, field: "adminPassword", value })),
  ...[
    "972501234567",
    "12345678",
    "1234567",
    "123456789012345",
    "1234567890123456",
    "+972501234567",
    "0501234567",
    "972-50-1234567",
  ].map((value) => ({
    target: "createAccount" as const,
    field: "adminTwoFactorDestination",
    value,
    with: { adminTwoFactor: "sms" },
  })),
  ...["abc", pad("", 50, "a"), pad("", 51, "a"), "a-b", "אב", "A1b2"].map((value) => ({
    target: "createAccount" as const,
    field: "reference",
    value,
  })),
  ...["online", pad("", 30, "s"), pad("", 31, "s"), "Online", "on line", "eu-1"].map((value) => ({
    target: "createAccount" as const,
    field: "server",
    value,
  })),
  ...[
    url(150),
    url(151),
    "ftp://builder.example/x",
    "",
    "https://bücher.example/x",
    "http://localhost:8080/x",
    "https://",
    "builder.example/x",
    "https://builder.exa\tmple/x",
    "https://builder.example/a b",
    "https://builder.example/x\u0000",
  ].map((value) => ({ target: "updateAccount" as const, field: "builderUrl", value })),
  ...lengths("createInbox", "inboxName", 50),
  ...["972501234567", "12345678", "1234567", "+972501234567", "0501234567", "1234567890123456"].map(
    (value) => ({ target: "createInbox" as const, field: "whatsappNumber", value }),
  ),
  ...lengths("createBuilder", "clientName", 100),
  ...[url(512), url(513), "ftp://hooks.example/x", "hooks.example/x"].map((value) => ({
    target: "setWebhook" as const,
    field: "url",
    value,
  })),
  ...lengths("setBusiness", "onboardingButton", 50),
  ...lengths("setBusiness", "onboardingMessage", 200),
];

/**
 * Differences the two readings are allowed to have, each with its reason. A row matches when
 * field and value are equal; an entry that matches no disagreement fails the test too, so the
 * list cannot go stale.
 */
const allowed: Array<{ target: Target; field: string; value: unknown; why: string }> = [];

const wireNames: Record<string, string> = {
  accountName: "account_name",
  adminName: "admin_name",
  adminDisplayName: "admin_displayName",
  adminEmail: "admin_email",
  adminPassword: "admin_password",
  adminTwoFactor: "admin_2fa",
  adminTwoFactorDestination: "admin_2fa_value",
};

describe("contract: the package's rules and the simulator's agree on boundary values", function () {
  this.timeout(60_000);
  let f: ProviderFixture;
  let token: string;
  let accountId: string;
  let serial = 0;

  before(async () => {
    f = await startProviderFixture({
      // Which servers exist is the API's to know, not a syntax rule: let every name exist.
      servers: ["online", "s".repeat(30), "s".repeat(31), "eu-1"],
      whatsappNumbers: ["972501234567", "12345678", "1234567", "123456789012345"],
    });
    token = String(
      (
        await post("settings/accessToken", {
          client_id: f.sim.clientId,
          client_secret: f.sim.clientSecret,
        })
      ).access_token,
    );
    accountId = String((await post("online/createAccount", createBody({}))).account_id);
  });
  after(async () => {
    await f.close();
  });

  async function post(
    path: string,
    body: Record<string, unknown>,
    method = "POST",
  ): Promise<Record<string, unknown>> {
    const res = await request(`${f.sim.url}/${path}`, {
      method: method as "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return (await res.body.json()) as Record<string, unknown>;
  }

  function createBody(overrides: Record<string, unknown>): Record<string, unknown> {
    serial++;
    const wire: Record<string, unknown> = {
      account_name: `Contract ${serial}`,
      agents: 5,
      inboxes: 50,
      // A new admin each time: an existing admin's name and password are not checked.
      admin_email: `contract${serial}@acme.example`,
      admin_name: "Dana",
      admin_displayName: "D",
      admin_password: "Str0ng!Pass",
    };
    for (const [field, value] of Object.entries(overrides)) {
      const name = wireNames[field] ?? field;
      wire[name] =
        field === "adminTwoFactor" ? { none: 0, email: 1, sms: 2 }[value as string] : value;
    }
    return wire;
  }

  /** The simulator's verdict: reason 1. */
  async function simulatorAccepts(c: Case): Promise<boolean> {
    const given = { ...c.with, [c.field]: c.value };
    let answer: Record<string, unknown>;
    switch (c.target) {
      case "createAccount":
        answer = await post("online/createAccount", createBody(given));
        break;
      case "updateAccount":
        answer = await post("online/updateAccount", {
          account_id: accountId,
          server: "online",
          builder_url: c.value,
        });
        break;
      case "createInbox": {
        const number = c.field === "whatsappNumber" ? c.value : "123456789012345";
        const name = c.field === "inboxName" ? c.value : "Support";
        answer = await post("online/createInbox", {
          inbox_type: "whatsapp",
          inbox_name: name,
          whatsapp_number: number,
          account_id: accountId,
          server: "online",
        });
        if (answer.reason === 1) {
          await post(
            "online/deleteInbox",
            { accountID: accountId, server: "online", inboxID: answer.inboxID },
            "DELETE",
          );
        }
        break;
      }
      case "createBuilder":
        answer = await post("builder/createBuilder", { client_name: c.value });
        break;
      case "setWebhook":
        answer = await post("settings/setWebhook", { url: c.value });
        break;
      case "setBusiness":
        answer = await post(
          "settings/setBusiness",
          {
            [c.field === "onboardingButton" ? "onboarding_button" : "onboarding_message"]: c.value,
          },
          "PATCH",
        );
        break;
    }
    return answer.reason === 1;
  }

  /** The package's verdict: the resource's check for account fields, else the client's schema. */
  async function packageAccepts(c: Case): Promise<boolean> {
    if (c.target === "createAccount") {
      const { failures } = await f.provider.check(
        {},
        accountInputs({ ...c.with, [c.field]: c.value }),
      );
      return !failures?.some((x) => x.property === c.field);
    }
    const schema = {
      updateAccount: online.updateAccount.params,
      createInbox: online.createInbox.params,
      createBuilder: builder.createBuilder.params,
      setWebhook: settings.setWebhook.params,
      setBusiness: settings.setBusiness.params,
    }[c.target];
    const base = {
      updateAccount: { accountId: "1", server: "online" },
      createInbox: {
        accountId: "1",
        server: "online",
        inboxName: "Support",
        whatsappNumber: "972501234567",
      },
      createBuilder: {},
      setWebhook: {},
      setBusiness: {},
    }[c.target];
    const parsed = schema.safeParse({ ...base, [c.field]: c.value });
    return parsed.success || !parsed.error.issues.some((i) => i.path[0] === c.field);
  }

  it("every row: both accept or both refuse, unless listed with a reason", async () => {
    const disagreements: string[] = [];
    const used = new Set<number>();
    for (const c of table) {
      const [pkg, sim] = [await packageAccepts(c), await simulatorAccepts(c)];
      if (pkg === sim) continue;
      const i = allowed.findIndex(
        (a) => a.target === c.target && a.field === c.field && a.value === c.value,
      );
      if (i >= 0) {
        used.add(i);
        continue;
      }
      disagreements.push(
        `${c.target}.${c.field} = ${JSON.stringify(c.value)}: package ${pkg ? "accepts" : "refuses"}, simulator ${sim ? "accepts" : "refuses"}`,
      );
    }
    const stale = allowed
      .filter((_, i) => !used.has(i))
      .map((a) => `${a.target}.${a.field} = ${JSON.stringify(a.value)}`);
    assert.deepEqual(disagreements, [], `disagreements:\n${disagreements.join("\n")}`);
    assert.deepEqual(stale, [], "listed differences that no longer differ");
  });
});
