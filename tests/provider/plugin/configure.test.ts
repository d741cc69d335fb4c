// Plugin users' `digital99:*` config: read from the engine's Configure request, which the
// provider server of @pulumi/pulumi would otherwise drop (see provider/plugin/configure.ts).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { lookupFromRequest, VERIFIED_WITH } from "../../../provider/plugin/configure";
import { secret } from "../../../provider/plugin/secrets";

function request(variables: Record<string, string>, args?: Record<string, unknown>) {
  return {
    getVariablesMap: () => ({ toArray: () => Object.entries(variables) }),
    getArgs: () => (args ? structproto.Struct.fromJavaScript(args as never) : undefined),
  };
}

describe("plugin config from the Configure request", () => {
  it("is wrapped only on the @pulumi/pulumi release it was verified with", () => {
    // An upgrade must re-check that the server still drops Configure and keeps its shape, then
    // move VERIFIED_WITH (the engine test proves the whole path).
    const manifest = fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8");
    const installed = (JSON.parse(manifest) as { version: string }).version;
    assert.equal(installed, VERIFIED_WITH);
  });

  it("reads both spellings of the variables", () => {
    const lookup = lookupFromRequest(
      request({
        "digital99:config:apiUrl": "http://127.0.0.1:1/api",
        "digital99:clientId": "demo",
      }),
    );
    assert.equal(lookup("digital99:apiUrl"), "http://127.0.0.1:1/api");
    assert.equal(lookup("digital99:clientId"), "demo");
    assert.equal(lookup("digital99:clientSecret"), undefined);
  });

  it("prefers the typed args, unwraps secrets, and gives numbers as the config's strings", () => {
    const lookup = lookupFromRequest(
      request(
        { "digital99:config:clientSecret": "stale" },
        { clientSecret: secret("s3cret"), maxRetries: 5, apiUrl: null },
      ),
    );
    assert.equal(lookup("digital99:clientSecret"), "s3cret");
    assert.equal(lookup("digital99:maxRetries"), "5");
    assert.equal(lookup("digital99:apiUrl"), undefined);
  });
});
