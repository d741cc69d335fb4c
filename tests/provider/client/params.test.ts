// Parameter schemas: every documented rule, exactly one issue per bad field (the resource's
// check maps issue.path[0] to a property), and messages that name field and rule, never value.

import assert from "node:assert/strict";
import { PASSWORD_SPECIALS, PartnersValidationError } from "../../../provider/client";
import { builder, online, settings } from "../../../provider/client/api";
import { validate, validationIssues } from "../../../provider/client/rules";

const createAccountParamsSchema = online.createAccount.params;
const updateAccountParamsSchema = online.updateAccount.params;
const createInboxParamsSchema = online.createInbox.params;
const createBuilderParamsSchema = builder.createBuilder.params;
const setWebhookParamsSchema = settings.setWebhook.params;
const setBusinessParamsSchema = settings.setBusiness.params;
import { validAccount } from "./helpers";

type Issue = { field: string; rule: string; message: string };

function issuesOf(
  schema: typeof createAccountParamsSchema | { safeParse: (v: unknown) => unknown },
  input: unknown,
): Issue[] {
  const result = (schema as typeof createAccountParamsSchema).safeParse(input);
  return result.success ? [] : validationIssues(result.error, input);
}

/** The one issue `patch` causes on a valid account. */
function accountIssue(patch: Record<string, unknown>): Issue | undefined {
  const issues = issuesOf(createAccountParamsSchema, { ...validAccount, ...patch });
  assert.ok(issues.length <= 1, JSON.stringify(issues));
  return issues[0];
}

describe("createAccountParamsSchema", () => {
  it("accepts a valid account, with or without the optional fields", () => {
    assert.equal(accountIssue({}), undefined);
    assert.equal(
      accountIssue({
        adminTwoFactor: "email",
        adminTwoFactorDestination: "otp@acme.example",
        server: "online-2",
        reference: "CRM42abc",
      }),
      undefined,
    );
    // A password needs no digit.
    assert.equal(accountIssue({ adminPassword: "Abcde!" }), undefined);
  });

  const cases: [string, Record<string, unknown>, string, string, RegExp][] = [
    [
      "accountName missing",
      { accountName: undefined },
      "accountName",
      "required",
      /accountName is required/,
    ],
    ["accountName blank", { accountName: "   " }, "accountName", "length", /non-blank.*100/],
    ["accountName too long", { accountName: "x".repeat(101) }, "accountName", "length", /100/],
    ["accountName not text", { accountName: 5 }, "accountName", "type", /accountName must be/],
    [
      "agents zero",
      { agents: 0 },
      "agents",
      "range",
      /agents must be a whole number from 1 to 9999/,
    ],
    ["agents 5 digits", { agents: 10000 }, "agents", "range", /at most 4 digits/],
    ["agents fraction", { agents: 1.5 }, "agents", "range", /whole number/],
    ["agents as text", { agents: "5" }, "agents", "type", /agents must be/],
    [
      "inboxes 4 digits",
      { inboxes: 1000 },
      "inboxes",
      "range",
      /inboxes must be a whole number from 1 to 999/,
    ],
    ["inboxes negative", { inboxes: -1 }, "inboxes", "range", /inboxes/],
    ["adminEmail invalid", { adminEmail: "owner-at-acme" }, "adminEmail", "format", /valid email/],
    [
      "adminEmail too long",
      { adminEmail: `${"a".repeat(40)}@acme.example` },
      "adminEmail",
      "format",
      /50/,
    ],
    ["adminName blank", { adminName: "" }, "adminName", "length", /adminName must be non-blank/],
    [
      "adminDisplayName too long",
      { adminDisplayName: "d".repeat(51) },
      "adminDisplayName",
      "length",
      /50/,
    ],
    ["password too short", { adminPassword: "Ab!de" }, "adminPassword", "strength", /at least 6/],
    ["password no upper", { adminPassword: "abcdef!" }, "adminPassword", "strength", /upper-case/],
    ["password no lower", { adminPassword: "ABCDEF!" }, "adminPassword", "strength", /lower-case/],
    [
      "password no special",
      { adminPassword: "Abcdef1" },
      "adminPassword",
      "strength",
      /special character/,
    ],
    [
      "password too long",
      { adminPassword: `Ab!${"c".repeat(48)}` },
      "adminPassword",
      "strength",
      /at most 50/,
    ],
    [
      "2FA mode unknown",
      { adminTwoFactor: "totp" },
      "adminTwoFactor",
      "enum",
      /"none", "email", "sms"/,
    ],
    [
      "2FA email without destination",
      { adminTwoFactor: "email" },
      "adminTwoFactorDestination",
      "required",
      /required when adminTwoFactor is "email"/,
    ],
    [
      "2FA sms without destination",
      { adminTwoFactor: "sms", adminTwoFactorDestination: "" },
      "adminTwoFactorDestination",
      "required",
      /"sms"/,
    ],
    [
      "2FA email with a phone",
      { adminTwoFactor: "email", adminTwoFactorDestination: "972501234567" },
      "adminTwoFactorDestination",
      "match",
      /email address/,
    ],
    [
      "2FA sms with +",
      { adminTwoFactor: "sms", adminTwoFactorDestination: "+972501234567" },
      "adminTwoFactorDestination",
      "match",
      /digits without "\+"/,
    ],
    [
      "2FA sms with an email",
      { adminTwoFactor: "sms", adminTwoFactorDestination: "a@b.co" },
      "adminTwoFactorDestination",
      "match",
      /phone number/,
    ],
    [
      "2FA destination without mode",
      { adminTwoFactorDestination: "a@b.co" },
      "adminTwoFactorDestination",
      "match",
      /left out when adminTwoFactor is "none"/,
    ],
    [
      "2FA destination not text",
      { adminTwoFactor: "sms", adminTwoFactorDestination: 972501234567 },
      "adminTwoFactorDestination",
      "type",
      /must be a string/,
    ],
    [
      "server upper-case",
      { server: "Online" },
      "server",
      "format",
      /lower-case letters, digits and hyphens/,
    ],
    ["server too long", { server: "s".repeat(31) }, "server", "format", /1 to 30/],
    [
      "reference with a space",
      { reference: "crm 42" },
      "reference",
      "format",
      /letters and digits only/,
    ],
    ["reference too long", { reference: "r".repeat(51) }, "reference", "format", /50/],
    ["reference non-ASCII", { reference: "קוד1" }, "reference", "format", /letters and digits/],
    ["reference empty", { reference: "" }, "reference", "format", /1 to 50/],
  ];

  for (const [name, patch, field, rule, message] of cases) {
    it(`${name} → one issue on ${field} (${rule})`, () => {
      const issue = accountIssue(patch);
      assert.ok(issue, "expected an issue");
      assert.equal(issue.field, field);
      assert.equal(issue.rule, rule);
      assert.match(issue.message, message);
      assert.ok(issue.message.startsWith(field), issue.message);
    });
  }

  it("the password message names the rule and the special characters, never the value", () => {
    const bad = "weakpassword123";
    const result = createAccountParamsSchema.safeParse({ ...validAccount, adminPassword: bad });
    assert.equal(result.success, false);
    assert.equal(
      result.error.issues[0].message,
      `adminPassword must be at least 6 characters (at most 50) with an upper-case letter, a lower-case letter and a special character from ${PASSWORD_SPECIALS}`,
    );
    assert.equal(PASSWORD_SPECIALS, "!@#$%^&*()_+-=[]{}|\"/\\.,<>:;?~'");
    assert.doesNotMatch(JSON.stringify(result.error), new RegExp(bad));
  });

  it("accepts every documented special character", () => {
    for (const c of PASSWORD_SPECIALS) {
      assert.equal(accountIssue({ adminPassword: `Abcde${c}` }), undefined, c);
    }
    assert.ok(accountIssue({ adminPassword: "Abcde`" }), "a backtick is not in the list");
  });

  it("reports every bad field at once, one issue each, keyed by path[0]", () => {
    const result = createAccountParamsSchema.safeParse({
      accountName: "",
      agents: 0,
      inboxes: 0,
      adminEmail: "x",
      adminName: "",
      adminDisplayName: "",
      adminPassword: "x",
      adminTwoFactor: "sms",
      adminTwoFactorDestination: "+1",
      server: "X",
      reference: "-",
    });
    assert.equal(result.success, false);
    const paths = result.error.issues.map((i) => i.path[0]);
    assert.deepEqual(paths, [
      "accountName",
      "agents",
      "inboxes",
      "adminEmail",
      "adminName",
      "adminDisplayName",
      "adminPassword",
      "server",
      "reference",
      "adminTwoFactorDestination",
    ]);
  });

  it("ignores properties it does not know (the resource's other inputs)", () => {
    assert.equal(accountIssue({ deletionProtection: true, status: "active" }), undefined);
  });

  it("a non-object is one issue on `params`", () => {
    const issues = issuesOf(createAccountParamsSchema, null);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].field, "params");
  });

  it("validate() throws PartnersValidationError with field and rule", () => {
    assert.throws(
      () =>
        validate(createAccountParamsSchema, { ...validAccount, agents: 0 }, "online/createAccount"),
      (e: unknown) =>
        e instanceof PartnersValidationError &&
        e.field === "agents" &&
        e.rule === "range" &&
        e.endpoint === "online/createAccount" &&
        e.ambiguous === false,
    );
  });
});

describe("other parameter schemas", () => {
  const one = (schema: { safeParse: (v: unknown) => unknown }, input: unknown) => {
    const issues = issuesOf(schema, input);
    assert.equal(issues.length, 1, JSON.stringify(issues));
    return issues[0];
  };

  it("updateAccount: account id of up to 7 digits, a change to make, known status", () => {
    const base = { accountId: "8", server: "online" };
    assert.equal(issuesOf(updateAccountParamsSchema, { ...base, status: "active" }).length, 0);
    assert.equal(
      one(updateAccountParamsSchema, { ...base, accountId: "12345678", status: "active" }).field,
      "accountId",
    );
    assert.equal(one(updateAccountParamsSchema, { ...base, status: "disabled" }).field, "status");
    assert.equal(
      one(updateAccountParamsSchema, { ...base, builderUrl: "javascript:x" }).field,
      "builderUrl",
    );
    assert.equal(
      one(updateAccountParamsSchema, {
        ...base,
        builderUrl: `https://x.example/${"p".repeat(140)}`,
      }).field,
      "builderUrl",
    );
    assert.match(
      one(updateAccountParamsSchema, base).message,
      /at least one of accountName, status, builderUrl/,
    );
    assert.equal(
      one(updateAccountParamsSchema, { accountId: "8", status: "active" }).rule,
      "required",
    );
  });

  it("createInbox: international number without +, name ≤ 50, boolean importHistory", () => {
    const base = {
      accountId: "8",
      server: "online",
      inboxName: "Support",
      whatsappNumber: "972501234567",
    };
    assert.equal(issuesOf(createInboxParamsSchema, base).length, 0);
    assert.equal(
      one(createInboxParamsSchema, { ...base, whatsappNumber: "0501234567" }).field,
      "whatsappNumber",
    );
    assert.equal(
      one(createInboxParamsSchema, { ...base, inboxName: "n".repeat(51) }).field,
      "inboxName",
    );
    assert.equal(
      one(createInboxParamsSchema, { ...base, importHistory: 1 }).field,
      "importHistory",
    );
  });

  it("createBuilder, setWebhook, setBusiness", () => {
    assert.equal(
      one(createBuilderParamsSchema, { clientName: "c".repeat(101) }).field,
      "clientName",
    );
    assert.equal(
      one(setWebhookParamsSchema, { url: `https://h.example/${"p".repeat(500)}` }).field,
      "url",
    );
    assert.equal(issuesOf(setWebhookParamsSchema, { url: "http://h.example/hook" }).length, 0);
    assert.equal(
      one(setBusinessParamsSchema, { onboardingButton: "b".repeat(51) }).field,
      "onboardingButton",
    );
    assert.equal(
      one(setBusinessParamsSchema, { onboardingMessage: "m".repeat(201) }).field,
      "onboardingMessage",
    );
    assert.equal(
      issuesOf(setBusinessParamsSchema, { onboardingLogo: "https://cdn.example/l.png" }).length,
      0,
    );
  });
});
