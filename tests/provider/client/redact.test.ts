// No secret ever leaves through the client's own output: the client secret, tokens and
// passwords are absent from debug lines and from every error's message, properties, stack,
// JSON and inspection — including errors built from server answers that echo the request.

import assert from "node:assert/strict";
import * as http from "node:http";
import { inspect } from "node:util";
import { PartnersClient } from "../../../provider/client";
import { REDACTED, Redactor } from "../../../provider/client/redact";
import {
  CLIENT_SECRET,
  rejection,
  sendJson,
  sendText,
  sendTruncated,
  startServer,
  testClient,
  validAccount,
  type Recorded,
} from "./helpers";

describe("Redactor", () => {
  it("masks remembered values in raw, JSON-escaped, URL- and HTML-encoded forms", () => {
    const r = new Redactor();
    const secret = 'Pa"ss\\w<0>rd&!';
    r.add(secret);
    const forms = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      "Pa&quot;ss\\w&lt;0&gt;rd&amp;!",
    ];
    for (const form of forms) {
      assert.equal(r.text(`before ${form} after`), `before ${REDACTED} after`, form);
    }
  });

  it("masks secret-named fields, even in truncated JSON, forms and bearer headers", () => {
    const r = new Redactor();
    assert.equal(
      r.text('{"admin_password":"x y","client_secret":"abc","access_token":"t","ok":1}'),
      `{"admin_password":"${REDACTED}","client_secret":"${REDACTED}","access_token":"${REDACTED}","ok":1}`,
    );
    assert.equal(r.text('{"password":"cut off here'), `{"password":"${REDACTED}"`);
    assert.equal(r.text("client_secret=abc&x=1"), `client_secret=${REDACTED}&x=1`);
    assert.equal(r.text("Authorization: Bearer abc.def"), `Authorization: Bearer ${REDACTED}`);
  });

  it("masks values given per call without remembering them", () => {
    const r = new Redactor();
    assert.equal(r.text("pw Xy!abc", ["Xy!abc"]), `pw ${REDACTED}`);
    assert.equal(r.text("pw Xy!abc"), "pw Xy!abc");
  });

  it("masks inside structured values by key and by value", () => {
    const r = new Redactor();
    r.add("s3cr3t-value");
    assert.deepEqual(r.value({ a: ["s3cr3t-value"], nested: { clientSecret: "x" }, n: 1 }), {
      a: [REDACTED],
      nested: { clientSecret: REDACTED },
      n: 1,
    });
  });

  it("ignores values too short to be secrets (they would mangle ordinary text)", () => {
    const r = new Redactor();
    r.add("ab");
    assert.equal(r.text("abc"), "abc");
  });
});

describe("no secret in errors or debug output", () => {
  // JSON-escaping and HTML-escaping characters on purpose: echoes change their form.
  const password = 'Pa"ss\\w<0>rd&!';
  const account = { ...validAccount, adminPassword: password };
  const issuedToken = "tok_ECHO_f00dfeedbeef1234";

  /** The request as a careless server echoes it: secrets first, so no truncation hides them. */
  const echo = (req: Recorded) =>
    `${String(req.json?.admin_password)} ${req.headers.authorization} ${req.body}`;

  /** What the "server" does with the request it received. */
  const answers: Record<string, (req: Recorded, res: http.ServerResponse) => void> = {
    "FAIL with an echo of body and headers": (req, res) =>
      sendJson(res, 200, {
        status: "FAIL",
        reason: 40,
        message: `rejected ${echo(req)}`,
        request: req.json,
        headers: req.headers,
      }),
    "FAIL of an unknown code echoing under 500": (req, res) =>
      sendJson(res, 500, {
        status: "FAIL",
        reason: 99,
        error: echo(req),
      }),
    "HTML page echoing raw, escaped and URL-encoded": (req, res) =>
      sendText(
        res,
        500,
        `<html><body><pre>${echo(req)}</pre><p>${escapeHtml(echo(req))}</p>` +
          `<a href="/?q=${encodeURIComponent(echo(req))}">x</a></body></html>`,
        { "content-type": "text/html" },
      ),
    "non-envelope JSON under 400 echoing the body": (req, res) =>
      sendJson(res, 400, { raw: echo(req), received: req.json }),
    "malformed JSON echoing the body": (req, res) => sendText(res, 200, `{oops ${echo(req)}`),
    "truncated body echoing the body": (req, res) =>
      sendTruncated(res, { status: "OK", reason: 1, echo: echo(req) }),
    "OK of the wrong shape echoing the body": (req, res) =>
      sendJson(res, 200, { status: "OK", reason: 1, account_id: { echo: echo(req) } }),
  };

  const secrets = () => [CLIENT_SECRET, issuedToken, password];

  function assertClean(what: string, text: string) {
    for (const secret of secrets()) {
      for (const form of [
        secret,
        JSON.stringify(secret).slice(1, -1),
        encodeURIComponent(secret),
        escapeHtml(secret),
      ]) {
        assert.ok(
          !text.includes(form),
          `${what} contains a secret (${form.slice(0, 3)}…): ${text}`,
        );
      }
    }
  }

  function assertErrorClean(what: string, error: unknown) {
    assert.ok(error instanceof Error, `${what}: ${String(error)}`);
    const props = Object.fromEntries(
      Object.getOwnPropertyNames(error).map((k) => [
        k,
        (error as unknown as Record<string, unknown>)[k],
      ]),
    );
    assertClean(`${what} message`, error.message);
    assertClean(`${what} stack`, error.stack ?? "");
    assertClean(`${what} String()`, String(error));
    assertClean(`${what} JSON`, JSON.stringify(error));
    assertClean(`${what} props`, JSON.stringify(props));
    assertClean(`${what} inspect`, inspect(error, { depth: 10, showHidden: true }));
  }

  for (const [name, answer] of Object.entries(answers)) {
    it(`${name}: createAccount's error and debug lines hold no secret`, async () => {
      const lines: string[] = [];
      const server = await startServer((req, res) => {
        if (req.endpoint === "settings/accessToken") {
          sendJson(res, 200, {
            status: "OK",
            reason: 1,
            access_token: issuedToken,
            expiration_time: "9999999999",
          });
        } else answer(req, res);
      });
      const client = testClient(server.url, { debug: (line) => lines.push(line) });
      try {
        const error = await rejection(() => client.online.createAccount(account));
        assertErrorClean(name, error);
        // The request really carried the secrets: the test would prove nothing otherwise.
        const sent = server.requests.find((r) => r.endpoint === "online/createAccount")!;
        assert.ok(sent.body.includes(JSON.stringify(password).slice(1, -1)));
        assert.equal(sent.headers.authorization, `Bearer ${issuedToken}`);
        assert.ok(lines.length >= 2, "debug lines were written");
        for (const line of lines) assertClean("debug line", line);
      } finally {
        await client.close();
        await server.close();
      }
    });
  }

  it("a token endpoint that echoes client_secret: auth error and debug lines are clean", async () => {
    const lines: string[] = [];
    const server = await startServer((req, res) =>
      sendJson(res, 200, {
        status: "FAIL",
        reason: 2,
        message: `unknown client ${String(req.json?.client_secret)} ${req.body}`,
        client_secret: CLIENT_SECRET,
      }),
    );
    const client = testClient(server.url, { debug: (line) => lines.push(line) });
    try {
      const error = await rejection(() => client.online.getAccounts());
      assertErrorClean("token error", error);
      assert.match((error as Error).message, /the server said/);
      for (const line of lines) assertClean("debug line", line);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("a given accessToken is masked too", async () => {
    const given = "given_ACCESS_token_0042";
    const server = await startServer((req, res) =>
      sendText(res, 502, `<html>${req.headers.authorization}</html>`),
    );
    const client = new PartnersClient({
      apiUrl: server.url,
      accessToken: given,
      maxRetries: 0,
    });
    try {
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(!inspect(error, { showHidden: true }).includes(given));
      assert.ok(!JSON.stringify(error).includes(given));
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("a validation error never shows the password", async () => {
    const client = testClient("http://127.0.0.1:9/api");
    try {
      const weak = "weak-but-secret-pw";
      const error = await rejection(() =>
        client.online.createAccount({ ...validAccount, adminPassword: weak }),
      );
      assert.ok(!inspect(error, { depth: 10, showHidden: true }).includes(weak));
      assert.ok(!JSON.stringify(error).includes(weak));
    } finally {
      await client.close();
    }
  });
});

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
