// Which accounts a stack already manages, read from `pulumi stack export`.
import assert from "node:assert/strict";
import {
  managedAccounts,
  ONLINE_ACCOUNT_TYPE,
  StackStateError,
} from "../../../provider/cli/stack-state";

const stack = "urn:pulumi:dev::partner::pulumi:pulumi:Stack::partner-dev";

function exported(resources: unknown[]): string {
  return JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });
}

describe("adopt: stack state", () => {
  it("finds accounts by resource id, by existingAccount, and keeps their names", () => {
    const managed = managedAccounts(
      exported([
        { urn: stack, type: "pulumi:pulumi:Stack", custom: false },
        {
          urn: `urn:pulumi:dev::partner::${ONLINE_ACCOUNT_TYPE}::acme`,
          type: ONLINE_ACCOUNT_TYPE,
          id: "online/1",
        },
        {
          urn: `urn:pulumi:dev::partner::${ONLINE_ACCOUNT_TYPE}::beta`,
          type: ONLINE_ACCOUNT_TYPE,
          inputs: { existingAccount: "eu1/4" },
        },
        {
          urn: `urn:pulumi:dev::partner::some:other:Thing::gamma`,
          type: "some:other:Thing",
          id: "online/9",
        },
      ]),
    );
    assert.deepEqual([...managed.keys].sort(), ["eu1/4", "online/1"]);
    assert.deepEqual([...managed.names].sort(), ["acme", "beta"]);
  });

  it("reads a stack that has no resources yet", () => {
    const managed = managedAccounts(JSON.stringify({ version: 3, deployment: { manifest: {} } }));
    assert.equal(managed.keys.size, 0);
  });

  it("says what is wrong with a file that is not a stack export", () => {
    assert.throws(() => managedAccounts("{"), StackStateError);
    assert.throws(() => managedAccounts("[]"), /no "deployment" object.*pulumi stack export/);
    assert.throws(
      () => managedAccounts(JSON.stringify({ deployment: { resources: {} } })),
      /deployment.resources" is not a list/,
    );
  });
});
