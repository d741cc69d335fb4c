// No secret ever leaves through the client's own output: the client secret, tokens and
// passwords are absent from debug lines and from every error's message, properties, stack,
// JSON and inspection — including errors built from server answers that echo the request.

import assert from "node:assert/strict";
import * as http from "node:http";
import { inspect } from "node:util";
import {
  PartnersClient,
  PartnersServerError,
  type PartnersClientOptions,
} from "../../../provider/client";
import { REDACTED, Redactor } from "../../../provider/client/redact";
import {
  CLIENT_SECRET,
  cpuTime,
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

  it("never forgets a pinned credential, however many tokens come after it", () => {
    const r = new Redactor();
    r.add("the-client-secret", { pinned: true });
    for (let i = 0; i < 100; i++) r.add(`issued-token-${i}`);
    assert.equal(r.text("a the-client-secret b"), `a ${REDACTED} b`);
    assert.equal(r.text("issued-token-99"), REDACTED);
    assert.equal(r.text("issued-token-0"), "issued-token-0", "old tokens make room");
  });

  it("masks secret-named fields, even in truncated JSON, forms and bearer headers", () => {
    const r = new Redactor();
    assert.equal(
      r.text('{"admin_password":"x y","client_secret":"abc","access_token":"t","ok":1}'),
      `{"admin_password":"${REDACTED}","client_secret":"${REDACTED}","access_token":"${REDACTED}","ok":1}`,
    );
    assert.equal(r.text('{"password":"cut off here'), `{"password":"${REDACTED}`);
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

  it("excerpt: redacts before it cuts, so a secret the cut splits is still masked", () => {
    const r = new Redactor();
    const secret = "Qz9!Secret-Value#7";
    r.add(secret);
    for (const form of [secret, encodeURIComponent(secret), `{"x":"${secret}"}`]) {
      for (let at = 280; at <= 310; at++) {
        const out = r.excerpt(
          `${"x ".repeat(at / 2)}${at % 2 ? "y" : ""}${form}${"z".repeat(500)}`,
          300,
        );
        assert.ok(out.length <= 301, `${out.length} characters`);
        for (let i = 0; i + 3 <= secret.length; i++) {
          assert.ok(!out.includes(secret.slice(i, i + 3)), `at ${at}: ${out.slice(-30)}`);
        }
      }
    }
  });

  it("excerpt: collapses whitespace, and looks at a bounded window of a huge input", async () => {
    const r = new Redactor();
    assert.equal(r.excerpt("  a \n\t b  ", 300), "a b");
    assert.equal(r.excerpt("abcdef", 3), "abc…");
    const size = 16 * 1024 * 1024;
    const buffer = Buffer.alloc(size, " ");
    buffer.write("late text", size - 9);
    const huge = buffer.toString("latin1"); // one flat string, as an answer's body is
    let shown = "";
    const spent = await cpuTime(() => (shown = r.excerpt(huge, 300)));
    assert.equal(shown, "");
    assert.ok(spent < 100, `took ${Math.round(spent)} ms of CPU`);
  });

  it("escapes in an excerpt what would act on a terminal: controls, bidi, invisible characters", () => {
    const r = new Redactor();
    assert.equal(
      r.excerpt("Bad\u001b[2J name\u202e\u2066 \u0085x\u200by", 100),
      "Bad\\u001b[2J name\\u202e\\u2066 \\u0085x\\u200by",
    );
  });

  it("ignores values too short to be secrets (they would mangle ordinary text)", () => {
    const r = new Redactor();
    r.add("ab");
    assert.equal(r.text("abc"), "abc");
  });
});

describe("no secret in an inspected or serialized client", () => {
  const token = "tok_PINNED_c0ffee1234";
  const issued = "tok_ISSUED_beef5678";

  /** Every way a person prints an object while debugging a program. */
  const views = (value: unknown) => [
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value),
  ];

  it("the client shows where it sends and which kind of credentials, none of their values", async () => {
    const server = await startServer((req, res) =>
      req.endpoint === "settings/accessToken"
        ? sendJson(res, 200, { status: "OK", reason: 1, access_token: issued })
        : sendJson(res, 200, { status: "OK", reason: 1, list: [] }),
    );
    const apiUrl = server.url.replace("//", "//user:url-Passw0rd@");
    const cases: Array<[Partial<PartnersClientOptions>, string]> = [
      // The client secret is exchanged for the issued token, which the client then holds too.
      [{}, "client secret"],
      [{ accessToken: token }, "client secret and access token"],
    ];
    try {
      for (const [options, credentials] of cases) {
        const client = testClient(apiUrl, options);
        try {
          await client.online.getAccounts();
          for (const view of views(client)) {
            for (const secret of [CLIENT_SECRET, token, issued, "url-Passw0rd"]) {
              assert.ok(!view.includes(secret), `${secret} in ${view}`);
            }
          }
          const shown = inspect(client);
          assert.match(shown, /^PartnersClient \{.*apiUrl: 'http:\/\/127\.0\.0\.1:\d+/s);
          assert.ok(shown.includes(`credentials: '${credentials}'`), shown);
        } finally {
          await client.close();
        }
      }
    } finally {
      await server.close();
    }
  });

  it("the redactor shows how many secrets it holds, none of them", () => {
    const r = new Redactor();
    r.add(CLIENT_SECRET, { pinned: true });
    r.add(issued);
    for (const view of views(r)) {
      for (const secret of [CLIENT_SECRET, issued]) assert.ok(!view.includes(secret), view);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(r)), { pinned: 1, remembered: 1 });
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

  it("a setWebhook that echoes the URL: its token is in no error or debug line", async () => {
    const url = "https://hooks.partner.example/events?key=wh-Echo-T0ken-77";
    const lines: string[] = [];
    const server = await startServer((req, res) =>
      req.endpoint === "settings/accessToken"
        ? sendJson(res, 200, { status: "OK", reason: 1, access_token: issuedToken })
        : sendJson(res, 200, { status: "FAIL", reason: 13, message: `bad url ${req.body}` }),
    );
    const client = testClient(server.url, { debug: (line) => lines.push(line) });
    try {
      const error = await rejection(() => client.settings.setWebhook({ url }));
      assert.ok(error instanceof Error);
      assert.ok(
        server.requests.some((r) => r.body.includes("wh-Echo-T0ken-77")),
        "it was sent",
      );
      const shown = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
        ...lines,
      ];
      for (const text of shown) assert.ok(!text.includes("wh-Echo-T0ken-77"), text);
    } finally {
      await client.close();
      await server.close();
    }
  });

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

describe("redaction time on large and hostile answers", () => {
  // Redaction runs on the event loop, where the request timeout cannot interrupt it. CPU time of
  // the call with the regexes and split/join it had before: plain page 37 ms, base64url trace
  // 742 ms, hyphen run 577 ms, quoted token run 720 ms, password key 387 ms, token-like run
  // 533 ms, backslash run 17 ms (kept as a guard); after: 4 to 44 ms.
  const password = 'Pa"ss\\w<0>rd&!';
  const page = (inner: string) => {
    const head =
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" +
      "<h1>502 Bad Gateway</h1><pre>";
    const row =
      '<tr><td class="cell">GET /api/online/createAccount</td><td>upstream &amp; proxy</td></tr>\n';
    const rows = Math.ceil((500_000 - head.length - inner.length) / row.length);
    return `${head}${inner}</pre><table>${row.repeat(rows)}</table></body></html>`;
  };
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const trace = Array.from({ length: 100_000 }, () => base64url[Math.floor(random() * 64)]);

  const bodies: Record<string, string> = {
    "a plain 500 KB HTML error page": page(""),
    "a page with a 100 KB base64url trace": page(trace.join("")),
    "a page with a 20 KB run of hyphenated words": page("a-".repeat(10_000)),
    "a page with an unterminated 40 KB quoted run of token": page(`"${"token".repeat(8_000)}`),
    "a page with a 20 KB key made of password": page(`"${"password".repeat(2_500)}"\\`),
    "a page with a 40 KB token-like run": page("token".repeat(8_000)),
    'a page with a 100 KB backslash run after "password": "': page(
      `{"password": "${"\\".repeat(100_000)}\n`,
    ),
  };

  for (const [name, body] of Object.entries(bodies)) {
    it(`${name}: a failed call is reported in well under 250 ms of CPU`, async () => {
      const server = await startServer((req, res) =>
        req.endpoint === "settings/accessToken"
          ? sendJson(res, 200, { status: "OK", reason: 1, access_token: "tok_TIME_0123456789" })
          : sendText(res, 502, body, { "content-type": "text/html" }),
      );
      const client = testClient(server.url, { maxRetries: 0 });
      try {
        await client.online.getAccounts().catch(() => undefined); // token and connection ready
        let error: unknown;
        const spent = await cpuTime(async () => {
          error = await rejection(() =>
            client.online.createAccount({ ...validAccount, adminPassword: password }),
          );
        });
        assert.ok(error instanceof PartnersServerError, String(error));
        assert.equal(error.body?.slice(0, 40), body.slice(0, 40));
        assert.ok(spent < 250, `took ${Math.round(spent)} ms of CPU`);
      } finally {
        await client.close();
        await server.close();
      }
    });
  }

  // Redactor.text has no window: it must be linear itself. CPU time before, for these 100 KB
  // texts: base64url 0.9 s, hyphen run 17 s, quoted token run 4.7 s, password key 6.9 s, token
  // run 2.4 s, backslash run 0 ms; after: 11 to 31 ms.
  const runs: Record<string, string> = {
    base64url: trace.join(""),
    "hyphenated words": "a-".repeat(50_000),
    "an unterminated quoted run of token": `"${"token".repeat(20_000)}`,
    "a key made of password": `"${"password".repeat(12_500)}"\\`,
    "a token-like run": "token".repeat(20_000),
    'a backslash run after "password": "': `{"password": "${"\\".repeat(100_000)}\n`,
  };
  for (const [name, text] of Object.entries(runs)) {
    it(`100 KB of ${name} is redacted whole in well under 250 ms of CPU`, async () => {
      const r = new Redactor();
      r.add(CLIENT_SECRET);
      r.add("tok_TIME_0123456789");
      const flat = Buffer.from(text).toString(); // one flat string, as an answer's body is
      let out = "";
      const spent = await cpuTime(() => (out = r.text(flat, [password])));
      assert.ok(out.length > 0);
      assert.ok(spent < 250, `took ${Math.round(spent)} ms of CPU`);
    });
  }
});

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
