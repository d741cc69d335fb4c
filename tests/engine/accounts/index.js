// `count` accounts, as a partner with many customers declares them. Config:
// - kind: "digital99" (OnlineAccount) or "noop" (a dynamic provider whose
//   methods return at once, same inputs: what the engine costs by itself);
// - references: "derived" (none given) or "partner" (crm<i>);
// - renamed: how many of the first accounts carry a changed name.
"use strict";
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const kind = config.require("kind");
const count = config.requireNumber("count");
const renamed = config.getNumber("renamed") ?? 0;
const partnerReferences = config.get("references") === "partner";
const adminPassword = pulumi.secret("Scale!Passw0rd");

const noopProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff(_id, olds, news) {
    return { changes: olds.accountName !== news.accountName };
  },
  async create(inputs) {
    return { id: `online/${inputs.reference}`, outs: { ...inputs, accountId: "1", url: "" } };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, olds, news) {
    return { outs: { ...olds, ...news } };
  },
  async delete() {},
};

class NoopAccount extends pulumi.dynamic.Resource {
  constructor(name, args) {
    super(
      noopProvider,
      name,
      { ...args, accountId: undefined, url: undefined },
      {
        additionalSecretOutputs: ["adminPassword"],
      },
    );
  }
}

const ids = [];
for (let i = 0; i < count; i++) {
  const args = {
    accountName: `Customer ${i}${i < renamed ? " (renamed)" : ""}`,
    agents: 5,
    inboxes: 2,
    adminEmail: `owner${i}@scale.example`,
    adminName: "Ada Admin",
    adminDisplayName: "Ada",
    adminPassword,
    deletionProtection: false,
    ...(partnerReferences && { reference: `crm${i}` }),
  };
  const account =
    kind === "digital99"
      ? new (require("pulumi-99digital").OnlineAccount)(`account${i}`, args)
      : new NoopAccount(`account${i}`, {
          ...args,
          reference: `noop${i}`,
          server: "online",
          status: "active",
          adminTwoFactor: "none",
        });
  ids.push(account.id);
}
exports.count = ids.length;
