// Backoff arithmetic and Retry-After parsing, without any network.

import assert from "node:assert/strict";
import {
  backoffDelay,
  defaultRetryPolicy,
  nextDelay,
  parseRetryAfter,
  type RetryPolicy,
} from "../../../provider/client/retry";

const policy: RetryPolicy = {
  maxRetries: 3,
  maxRetryTimeMs: 10_000,
  baseDelayMs: 100,
  maxDelayMs: 1000,
};

describe("retry", () => {
  it("defaults: 3 retries within 60 s", () => {
    assert.equal(defaultRetryPolicy.maxRetries, 3);
    assert.equal(defaultRetryPolicy.maxRetryTimeMs, 60_000);
  });

  it("full jitter: uniform below an exponentially growing, capped ceiling", () => {
    assert.equal(
      backoffDelay(policy, 0, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(policy, 0, () => 0.999),
      99,
    );
    assert.equal(
      backoffDelay(policy, 2, () => 0.5),
      200,
    );
    assert.equal(
      backoffDelay(policy, 10, () => 0.5),
      500,
      "capped at maxDelayMs",
    );
    const samples = Array.from({ length: 200 }, () => backoffDelay(policy, 3));
    assert.ok(samples.every((d) => d >= 0 && d < 800));
    assert.ok(new Set(samples).size > 50, "jittered, not fixed");
  });

  it("stops after maxRetries", () => {
    assert.notEqual(nextDelay(policy, 2, 0), undefined);
    assert.equal(nextDelay(policy, 3, 0), undefined);
    assert.equal(nextDelay({ ...policy, maxRetries: 0 }, 0, 0), undefined);
  });

  it("stops when the wait would end past maxRetryTimeMs", () => {
    assert.equal(nextDelay(policy, 0, 9_999, 5), undefined);
    assert.equal(nextDelay(policy, 0, 9_000, 1000), 1000);
    assert.equal(nextDelay(policy, 0, 9_000, 1001), undefined);
  });

  it("Retry-After replaces the backoff, even beyond maxDelayMs", () => {
    assert.equal(
      nextDelay(policy, 0, 0, 3000, () => 0),
      3000,
    );
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("2", now), 2000);
    assert.equal(parseRetryAfter(" 0 ", now), 0);
    assert.equal(parseRetryAfter("1.5", now), 1500);
    assert.equal(parseRetryAfter(["3", "9"], now), 3000);
    assert.equal(parseRetryAfter("Tue, 01 Jan 2030 00:00:05 GMT", now), 5000);
    assert.equal(parseRetryAfter("Mon, 31 Dec 2029 23:59:00 GMT", now), 0, "a past date means now");
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter("", now), undefined);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter("-1", now), undefined);
  });
});
