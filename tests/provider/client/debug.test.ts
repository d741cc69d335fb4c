// DIGITAL99_DEBUG: one line per attempt with method, path, status, reason, duration and
// attempt/retry; on from the environment, or through the `debug` option.

import assert from "node:assert/strict";
import type { PartnersClient } from "../../../provider/client";
import { formatAttempt, resolveDebugSink } from "../../../provider/client/debug";
import {
  ok,
  routes,
  sendJson,
  sendText,
  startServer,
  testClient,
  type ScriptedServer,
} from "./helpers";

describe("debug log", () => {
  let server: ScriptedServer;
  let client: PartnersClient;

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it("formats one line with every field", () => {
    assert.equal(
      formatAttempt({
        method: "POST",
        path: "online/createAccount",
        status: 200,
        reason: 40,
        durationMs: 12,
        attempt: 1,
        retry: 0,
        outcome: "fail",
      }),
      "digital99 POST online/createAccount status=200 reason=40 duration=12ms attempt=1 retry=0 outcome=fail",
    );
    assert.match(
      formatAttempt({
        method: "GET",
        path: "p",
        durationMs: 3,
        attempt: 2,
        retry: 1,
        outcome: "x",
        code: "ECONNRESET",
      }),
      /status=- reason=- .* code=ECONNRESET outcome=x$/,
    );
  });

  it("is on when DIGITAL99_DEBUG=1, off otherwise; the option wins", () => {
    assert.equal(typeof resolveDebugSink(undefined, { DIGITAL99_DEBUG: "1" }), "function");
    assert.equal(resolveDebugSink(undefined, {}), undefined);
    assert.equal(resolveDebugSink(undefined, { DIGITAL99_DEBUG: "true" }), undefined);
    assert.equal(resolveDebugSink(false, { DIGITAL99_DEBUG: "1" }), undefined);
    assert.equal(typeof resolveDebugSink(true, {}), "function");
  });

  it("writes to stderr by default", () => {
    const sink = resolveDebugSink(true, {})!;
    const original = process.stderr.write.bind(process.stderr);
    const written: string[] = [];
    process.stderr.write = (chunk: string) => {
      written.push(chunk);
      return true;
    };
    try {
      sink("digital99 hello");
    } finally {
      process.stderr.write = original;
    }
    assert.deepEqual(written, ["digital99 hello\n"]);
  });

  it("logs one line per attempt, with retries, token renewals and the outcome", async () => {
    let calls = 0;
    server = await startServer(
      routes({
        "online/getAccounts": (_req, res) => {
          calls += 1;
          if (calls === 1) sendText(res, 503, "", { "retry-after": "0" });
          else if (calls === 2) sendJson(res, 200, { status: "FAIL", reason: 3 });
          else sendJson(res, 200, ok({ list: [] }));
        },
      }),
    );
    const lines: string[] = [];
    client = testClient(server.url, { debug: (line) => lines.push(line) });
    await client.online.getAccounts();
    assert.equal(lines.length, 5, lines.join("\n"));
    assert.match(
      lines[0],
      /^digital99 POST settings\/accessToken status=200 reason=1 duration=\d+ms attempt=1 retry=0 outcome=ok$/,
    );
    assert.match(
      lines[1],
      /^digital99 GET online\/getAccounts status=503 reason=- duration=\d+ms attempt=1 retry=0 outcome=retry-in-0ms$/,
    );
    assert.match(
      lines[2],
      /GET online\/getAccounts status=200 reason=3 .* attempt=2 retry=1 outcome=renew-token$/,
    );
    assert.match(lines[3], /POST settings\/accessToken .* outcome=ok$/);
    assert.match(
      lines[4],
      /GET online\/getAccounts status=200 reason=1 .* attempt=3 retry=1 outcome=ok$/,
    );
  });

  it("a throwing sink does not break the request", async () => {
    server = await startServer(
      routes({ "online/getAccounts": (_q, res) => sendJson(res, 200, ok({ list: [] })) }),
    );
    client = testClient(server.url, {
      debug: () => {
        throw new Error("broken sink");
      },
    });
    assert.deepEqual(await client.online.getAccounts(), []);
  });
});
