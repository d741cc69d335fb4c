import assert from "node:assert/strict";
import { resolveOptions } from "../../provider/client/options";
import { resolveClientOptions } from "../../provider/config";

const config = (values: Record<string, string>) => (key: string) => values[key];

describe("provider configuration", () => {
  it("reads the digital99 config keys", () => {
    const options = resolveClientOptions(
      config({
        "digital99:clientId": "id",
        "digital99:clientSecret": "s3cret",
        "digital99:apiUrl": "http://127.0.0.1:4010/api",
        "digital99:requestTimeoutMs": "5000",
        "digital99:maxRetries": "0",
        "digital99:maxConcurrency": "4",
      }),
      {},
    );
    assert.deepEqual(
      {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        apiUrl: options.apiUrl,
        requestTimeoutMs: options.requestTimeoutMs,
        maxRetries: options.maxRetries,
        maxConcurrency: options.maxConcurrency,
      },
      {
        clientId: "id",
        clientSecret: "s3cret",
        apiUrl: "http://127.0.0.1:4010/api",
        requestTimeoutMs: 5000,
        maxRetries: 0,
        maxConcurrency: 4,
      },
    );
  });

  it("resolves once: the client takes the resolved options as they are", () => {
    const options = resolveClientOptions(config({ "digital99:accessToken": "tok" }), {});
    assert.equal(options.requestTimeoutMs, 30_000, "the client's own default");
    assert.equal(resolveOptions(options), options);
  });

  it("falls back to the DIGITAL99_* environment variables", () => {
    const options = resolveClientOptions(config({}), {
      DIGITAL99_CLIENT_ID: "env-id",
      DIGITAL99_CLIENT_SECRET: "env-secret",
      DIGITAL99_API_URL: "https://partners.example/api",
    });
    assert.equal(options.clientId, "env-id");
    assert.equal(options.clientSecret, "env-secret");
    assert.equal(options.apiUrl, "https://partners.example/api");
  });

  it("prefers config over the environment", () => {
    const options = resolveClientOptions(config({ "digital99:accessToken": "tok" }), {
      DIGITAL99_ACCESS_TOKEN: "env-tok",
    });
    assert.equal(options.accessToken, "tok");
    assert.equal(options.clientSecret, undefined);
  });

  it("uses an access token alone, without the pair", () => {
    const options = resolveClientOptions(config({}), { DIGITAL99_ACCESS_TOKEN: "tok" });
    assert.equal(options.accessToken, "tok");
    assert.equal(options.clientId, undefined);
    assert.equal(options.clientSecret, undefined);
  });

  it("keeps the pair beside a token, so the token can be renewed", () => {
    const options = resolveClientOptions(
      config({
        "digital99:accessToken": "tok",
        "digital99:clientId": "id",
        "digital99:clientSecret": "s",
      }),
      {},
    );
    assert.deepEqual(
      [options.accessToken, options.clientId, options.clientSecret],
      ["tok", "id", "s"],
    );
  });

  it("names every way to give credentials when none is set", () => {
    assert.throws(
      () => resolveClientOptions(config({}), {}),
      /digital99:clientId.*digital99:clientSecret.*digital99:accessToken.*DIGITAL99_CLIENT_ID/s,
    );
  });

  it("names the missing half of the pair without echoing the other", () => {
    assert.throws(
      () => resolveClientOptions(config({ "digital99:clientSecret": "s3cret-value" }), {}),
      (error: Error) =>
        /clientId is missing/.test(error.message) && !error.message.includes("s3cret-value"),
    );
  });

  for (const [key, value] of [
    ["requestTimeoutMs", "soon"],
    ["requestTimeoutMs", "0"],
    ["maxRetries", "-1"],
    ["maxConcurrency", "2.5"],
  ]) {
    it(`rejects digital99:${key} = ${value} naming the key and the rule`, () => {
      assert.throws(
        () =>
          resolveClientOptions(
            config({ "digital99:accessToken": "tok", [`digital99:${key}`]: value }),
            {},
          ),
        new RegExp(`digital99:${key} must be a whole number of at least \\d`),
      );
    });
  }

  it("refuses an http:// apiUrl to a host other than loopback, unless allowInsecureHttp is true", () => {
    const insecure = {
      "digital99:accessToken": "tok",
      "digital99:apiUrl": "http://test.example/api",
    };
    assert.throws(
      () => resolveClientOptions(config(insecure), {}),
      /^ProviderConfigError: digital99:apiUrl must use https:\/\/ unless its host is 127\.0\.0\.1, \[::1\] or localhost.*Set digital99:allowInsecureHttp to true .*\(got "http:\/\/test\.example\/api"\)$/,
    );
    const allowed = [
      resolveClientOptions(config({ ...insecure, "digital99:allowInsecureHttp": "true" }), {}),
      resolveClientOptions(config(insecure), { DIGITAL99_ALLOW_INSECURE_HTTP: "true" }),
    ];
    for (const options of allowed) assert.equal(options.apiUrl, "http://test.example/api");
    assert.throws(
      () =>
        resolveClientOptions(config({ ...insecure, "digital99:allowInsecureHttp": "false" }), {}),
      /digital99:apiUrl must use https:\/\//,
    );
    assert.throws(
      () => resolveClientOptions(config({ ...insecure, "digital99:allowInsecureHttp": "yes" }), {}),
      /digital99:allowInsecureHttp must be true or false/,
    );
  });

  it("rejects an apiUrl that is not http(s)", () => {
    assert.throws(
      () =>
        resolveClientOptions(
          config({ "digital99:accessToken": "tok", "digital99:apiUrl": "partners.example" }),
          {},
        ),
      /digital99:apiUrl must be an http\(s\) URL/,
    );
  });
});
