// A customer's first admin password: generated once per customer and kept in
// the stack's state as a secret. Nobody chooses it, no two customers share
// it, and later runs leave it alone (an account takes its admin password only
// when it is created). Whoever holds the stack's key reads it from the stack
// output `initialAdminPasswords` and gives it to the customer out of band;
// the customer changes it at the first login.
import * as pulumi from "@pulumi/pulumi";
import { randomBytes, randomUUID } from "node:crypto";

// Pulumi serializes this provider into the state and runs it in its own
// process, so it uses nothing but Node.js.
const generator: pulumi.dynamic.ResourceProvider = {
  create() {
    // 18 random bytes, 144 bits, as 24 base64url characters. The API wants an
    // upper-case and a lower-case letter and a special character (`-` and `_`
    // count); drawing again until all three are there keeps every password
    // that has them equally likely.
    for (;;) {
      const value = randomBytes(18).toString("base64url");
      if (/[A-Z]/.test(value) && /[a-z]/.test(value) && /[-_]/.test(value)) {
        return Promise.resolve({ id: randomUUID(), outs: { value } });
      }
    }
  },
};

export class InitialPassword extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super(
      generator,
      name,
      { value: undefined },
      { ...opts, additionalSecretOutputs: ["value"] },
      "partner-accounts",
      "InitialPassword",
    );
  }
}
