// Which accounts a stack already manages, read from `pulumi stack export`.
import assert from "node:assert/strict";
import {
  BUILDER_TYPE,
  managedAccounts,
  ONLINE_ACCOUNT_TYPE,
  StackStateError,
  WHATSAPP_INBOX_TYPE,
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

  it("finds builders and inboxes by id, by existingBuilder/existingInbox and by outputs, and keeps their names", () => {
    const urn = (type: string, name: string) => `urn:pulumi:dev::partner::${type}::${name}`;
    const managed = managedAccounts(
      exported([
        { urn: urn(BUILDER_TYPE, "b1"), type: BUILDER_TYPE, id: "11" },
        { urn: urn(BUILDER_TYPE, "b2"), type: BUILDER_TYPE, inputs: { existingBuilder: "12" } },
        { urn: urn(BUILDER_TYPE, "b3"), type: BUILDER_TYPE, outputs: { builderId: "13" } },
        { urn: urn(WHATSAPP_INBOX_TYPE, "i1"), type: WHATSAPP_INBOX_TYPE, id: "online/1/100" },
        {
          urn: urn(WHATSAPP_INBOX_TYPE, "i2"),
          type: WHATSAPP_INBOX_TYPE,
          inputs: { existingInbox: "eu1/4/101" },
        },
        {
          urn: urn(WHATSAPP_INBOX_TYPE, "i3"),
          type: WHATSAPP_INBOX_TYPE,
          outputs: { server: "online", accountId: "2", inboxId: "102" },
        },
      ]),
    );
    assert.deepEqual([...managed.builders].sort(), ["11", "12", "13"]);
    assert.deepEqual([...managed.inboxes].sort(), ["eu1/4/101", "online/1/100", "online/2/102"]);
    // An inbox id is not an account's.
    assert.equal(managed.keys.size, 0);
    assert.deepEqual([...managed.names].sort(), ["b1", "b2", "b3", "i1", "i2", "i3"]);
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
