// A server may echo a secret it received in another encoding: HTML character references, URL or
// form encoding, JSON escapes, or one inside another. Each secret (client secret, access token,
// admin password), in each encoding, echoed in a FAIL answer, an HTML 5xx page and a broken
// HTTP answer, must be absent from every part of the error and from the debug lines.

import assert from "node:assert/strict";
import type * as http from "node:http";
import { inspect } from "node:util";
import { decodings } from "../../../provider/client/encodings";
import { REDACTED, Redactor } from "../../../provider/client/redact";
import {
  cpuTime,
  rejection,
  sendJson,
  sendText,
  startServer,
  testClient,
  validAccount,
  type Recorded,
  type ScriptedServer,
} from "./helpers";

// Specials of every encoding, a space and a non-ASCII letter; one astral character too.
const password = "Pä&<>\"'+/\\ %s5-W0rd";
const clientSecret = 'cl1ent/S€cret+&="x" 9%';
const accessToken = "tok_ECHO+f00d/beef=42";

const hex = (n: number, upper = false) => (upper ? n.toString(16).toUpperCase() : n.toString(16));
const units = (s: string) => [...s].map((c) => c.codePointAt(0)!);
const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
const jsonEscaped = (s: string) => JSON.stringify(s).slice(1, -1);

/** Every form a secret is echoed in; each one written here independently of the client. */
const encodings: Record<string, (s: string) => string> = {
  raw: (s) => s,
  "HTML decimal": (s) =>
    units(s)
      .map((c) => `&#${c};`)
      .join(""),
  "HTML hex": (s) =>
    units(s)
      .map((c) => `&#x${hex(c)};`)
      .join(""),
  "HTML hex, upper case": (s) =>
    units(s)
      .map((c) => `&#X${hex(c, true)};`)
      .join(""),
  "HTML named": escapeHtml,
  "HTML named, &#39; for '": (s) => escapeHtml(s).replace(/&apos;/g, "&#39;"),
  "HTML, some characters encoded": (s) =>
    [...s].map((c, i) => (i % 2 ? `&#${c.codePointAt(0)};` : c)).join(""),
  "form-urlencoded": (s) => new URLSearchParams({ v: s }).toString().slice(2),
  encodeURIComponent: (s) => encodeURIComponent(s),
  encodeURI: (s) => encodeURI(s),
  "percent, lower-case hex": (s) =>
    encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  "percent, some characters encoded": (s) =>
    [...s].map((c, i) => (i % 2 ? encodeURIComponent(c) : c)).join(""),
  "JSON string": jsonEscaped,
  "JSON, ASCII only, escaped slashes": (s) =>
    jsonEscaped(s)
      .replace(/\//g, "\\/")
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0)).padStart(4, "0")}`),
  "JSON, every character \\u-escaped": (s) =>
    [...Array(s.length).keys()]
      .map((i) => `\\u${hex(s.charCodeAt(i), i % 2 === 1).padStart(4, "0")}`)
      .join(""),
  "JSON inside HTML": (s) => escapeHtml(jsonEscaped(s)),
  "JSON inside JSON": (s) => jsonEscaped(jsonEscaped(s)),
  "form-urlencoded inside HTML": (s) =>
    escapeHtml(new URLSearchParams({ v: s }).toString().slice(2)),
};

/** Every form of the secret and of its halves: a cut must not leave half a secret either. */
function forms(secret: string): string[] {
  const half = Math.floor(secret.length / 2);
  const parts = [secret, secret.slice(0, half), secret.slice(half)];
  return parts.flatMap((part) => Object.values(encodings).map((encode) => encode(part)));
}

function assertClean(what: string, text: string, secrets: readonly string[]) {
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      assert.ok(!text.includes(form), `${what} holds ${JSON.stringify(form)}: ${text}`);
    }
  }
}

function assertErrorClean(error: unknown, secrets: readonly string[]) {
  assert.ok(error instanceof Error, String(error));
  const own = Object.fromEntries(
    Object.getOwnPropertyNames(error).map((k) => [
      k,
      (error as unknown as Record<string, unknown>)[k],
    ]),
  );
  assertClean("message", error.message, secrets);
  assertClean("stack", error.stack ?? "", secrets);
  assertClean("own properties", inspect(own, { depth: 10 }), secrets);
  assertClean("JSON", JSON.stringify(error), secrets);
  assertClean("inspect", inspect(error, { depth: 10, showHidden: true }), secrets);
}

/** How a careless server shows what it received (`echo`, already encoded). */
const places: Record<string, (res: http.ServerResponse, echo: string, tokenCall: boolean) => void> =
  {
    "a FAIL answer": (res, echo, tokenCall) =>
      sendJson(res, 200, {
        status: "FAIL",
        reason: tokenCall ? 2 : 40,
        message: `rejected: ${echo}`,
      }),
    "an HTML 5xx page": (res, echo) =>
      sendText(res, 502, `<html><body><h1>502</h1><pre>${echo}</pre></body></html>`, {
        "content-type": "text/html",
      }),
    "a broken HTTP answer": (res, echo) => {
      res.socket?.end(`HTTP/1.1 200 OK\r\nx-echo: ${echo}\u0001\r\n\r\n`);
    },
  };

/** The secret a request carries, and whether it is the token endpoint's call. */
const carriers: Record<string, { secret: string; read: (req: Recorded) => string | undefined }> = {
  "the client secret": {
    secret: clientSecret,
    read: (req) =>
      req.endpoint === "settings/accessToken" ? String(req.json?.client_secret) : undefined,
  },
  "the access token": {
    secret: accessToken,
    read: (req) => req.headers.authorization?.replace(/^Bearer /, ""),
  },
  "the admin password": {
    secret: password,
    read: (req) => (req.json?.admin_password as string | undefined) ?? undefined,
  },
};

describe("secrets echoed in other encodings", () => {
  let server: ScriptedServer;
  /** What the current test has the server do. */
  let scenario: { place: string; encoding: string; carrier: string };

  before(async () => {
    server = await startServer((req, res) => {
      const { place, encoding, carrier } = scenario;
      const echoed = carriers[carrier].read(req);
      const tokenCall = req.endpoint === "settings/accessToken";
      if (echoed === undefined || (tokenCall && carrier !== "the client secret")) {
        sendJson(res, 200, { status: "OK", reason: 1, access_token: accessToken });
        return;
      }
      places[place](res, encodings[encoding](echoed), tokenCall);
    });
  });
  after(() => server.close());

  for (const place of Object.keys(places)) {
    for (const carrier of Object.keys(carriers)) {
      for (const encoding of Object.keys(encodings)) {
        it(`${carrier}, ${encoding}, in ${place}`, async () => {
          scenario = { place, encoding, carrier };
          const lines: string[] = [];
          const client = testClient(server.url, {
            clientSecret,
            maxRetries: 0,
            debug: (line) => lines.push(line),
          });
          try {
            const error = await rejection(() =>
              client.online.createAccount({ ...validAccount, adminPassword: password }),
            );
            const { secret } = carriers[carrier];
            assertErrorClean(error, [secret]);
            for (const line of lines) assertClean("debug line", line, [secret]);
            assert.ok(lines.length >= 1);
            if (place !== "a broken HTTP answer") {
              // The echo was in view: masked, not merely cut off.
              assert.ok(inspect(error).includes(REDACTED), inspect(error));
            }
          } finally {
            await client.close();
          }
        });
      }
    }
  }
});

describe("decodings", () => {
  it("map every decoded unit back to the characters it came from, through two layers", () => {
    const original = "x\\u0026amp;y&#x41;";
    const byText = new Map(decodings(original).map((d) => [d.text, d]));
    const jsonThenHtml = byText.get("x&yA");
    assert.ok(jsonThenHtml, [...byText.keys()].join("\n"));
    assert.deepEqual(
      [...jsonThenHtml.text].map((_, i) =>
        original.slice(jsonThenHtml.from[i], jsonThenHtml.to[i]),
      ),
      ["x", "\\u0026amp;", "y", "&#x41;"],
    );
  });

  it("leave broken or too long references alone", () => {
    const texts = decodings("&#; &#x; &bogus; %zz %C3 %ED%A0%80 \\x \\u12 &#x00000041;").map(
      (d) => d.text,
    );
    assert.deepEqual(texts, ["&#; &#x; &bogus; %zz %C3 %ED%A0%80 \\x \\u12 &#x00000041;"]);
  });

  it("masks a secret, in each encoding, where it stands", () => {
    const r = new Redactor();
    r.add(password);
    for (const [name, encode] of Object.entries(encodings)) {
      assert.equal(r.text(`<p>${encode(password)}</p>`), `<p>${REDACTED}</p>`, name);
    }
  });

  it("is linear: 100 KB of entities, escapes and percent signs in well under 250 ms of CPU", async () => {
    const r = new Redactor();
    r.add(password);
    const text = "&#x41;\\u0041%41&amp;\\\\%25".repeat(4_000);
    r.text(text); // once to have it compiled: the bound is for the scan, not for the compiler
    const spent = await cpuTime(() => r.text(text));
    assert.ok(spent < 250, `took ${Math.round(spent)} ms of CPU`);
  });
});
