// The error classes: one hierarchy, `ambiguous` on every error, and properties a caller can
// branch on without parsing messages.

import assert from "node:assert/strict";
import {
  Digital99Error,
  PartnersApiError,
  PartnersAuthError,
  PartnersRateLimitError,
  PartnersServerError,
  PartnersTransportError,
  PartnersValidationError,
} from "../../../provider/client";

describe("errors", () => {
  const all = [
    new PartnersApiError("m", { endpoint: "online/getAccounts", reason: 13, status: 200 }),
    new PartnersAuthError("m", { endpoint: "settings/accessToken", reason: 2, status: 200 }),
    new PartnersTransportError("m", {
      endpoint: "online/getAccounts",
      code: "ECONNRESET",
      ambiguous: true,
    }),
    new PartnersServerError("m", {
      endpoint: "online/createAccount",
      status: 502,
      ambiguous: true,
    }),
    new PartnersRateLimitError("m", {
      endpoint: "online/getAccounts",
      status: 429,
      retryAfterMs: 1000,
    }),
    new PartnersValidationError([{ field: "agents", rule: "range", message: "agents must be..." }]),
  ];

  it("all extend Digital99Error and Error, with their own name", () => {
    for (const error of all) {
      assert.ok(error instanceof Digital99Error);
      assert.ok(error instanceof Error);
      assert.equal(error.name, error.constructor.name);
      assert.equal(typeof error.ambiguous, "boolean");
      assert.match(String(error), new RegExp(`^${error.name}: `));
    }
  });

  it("an auth error is an API error", () => {
    assert.ok(all[1] instanceof PartnersApiError);
  });

  it("ambiguous: false unless said otherwise; never for FAIL, rate limit or validation", () => {
    assert.deepEqual(
      all.map((e) => e.ambiguous),
      [false, false, true, true, false, false],
    );
  });

  it("properties survive JSON.stringify for logs and state", () => {
    const json = JSON.parse(JSON.stringify(all[0])) as Record<string, unknown>;
    assert.deepEqual(json, {
      name: "PartnersApiError",
      endpoint: "online/getAccounts",
      ambiguous: false,
      reason: 13,
      status: 200,
    });
  });

  it("a validation error carries field, rule and every issue", () => {
    const error = new PartnersValidationError(
      [
        { field: "agents", rule: "range", message: "agents must be a whole number" },
        { field: "inboxes", rule: "range", message: "inboxes must be a whole number" },
      ],
      "online/createAccount",
    );
    assert.equal(error.field, "agents");
    assert.equal(error.rule, "range");
    assert.equal(error.issues.length, 2);
    assert.equal(
      error.message,
      "online/createAccount: agents must be a whole number; inboxes must be a whole number (nothing was sent)",
    );
  });

  it("a validation error made no attempt, and says nothing was sent", () => {
    const error = all[5];
    assert.equal(error.attempts, 0);
    assert.match(error.message, / \(nothing was sent\)$/);
  });

  it("an error given its attempts ends its message with them", () => {
    const made = [
      new PartnersApiError("m", { endpoint: "e", reason: 13, status: 200, attempts: 1 }),
      new PartnersAuthError("m", { endpoint: "e", reason: 2, status: 200, attempts: 2 }),
      new PartnersTransportError("m", { endpoint: "e", code: "X", ambiguous: true, attempts: 3 }),
      new PartnersServerError("m", { endpoint: "e", status: 502, ambiguous: true, attempts: 4 }),
      new PartnersRateLimitError("m", { endpoint: "e", status: 429, attempts: 5 }),
      new Digital99Error("m", { attempts: 0 }),
    ];
    assert.deepEqual(
      made.map((e) => [e.message, e.attempts]),
      [
        ["m (after 1 attempt)", 1],
        ["m (after 2 attempts)", 2],
        ["m (after 3 attempts)", 3],
        ["m (after 4 attempts)", 4],
        ["m (after 5 attempts)", 5],
        ["m (nothing was sent)", 0],
      ],
    );
    assert.match(made[0].stack ?? "", /^PartnersApiError: m \(after 1 attempt\)\n/);
  });
});
