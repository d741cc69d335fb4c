// The provider object that Pulumi serializes into state (`__provider`) for
// every resource of one kind. It holds no logic and captures nothing but the
// kind's name: each method loads the implementation from the installed
// package when Pulumi's provider host runs it. So the state stays small,
// identical for every resource and release, free of secrets, and an upgrade
// of the package changes what runs without any diff.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../host";

type Host = typeof import("../host");

export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const implementation = (): Required<pulumi.dynamic.ResourceProvider> => {
    let host: Host;
    try {
      // Resolved from the program's directory by the provider host, where
      // the package is installed; a static import would be serialized whole.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      host = require("pulumi-99digital/provider-host") as Host;
    } catch (e) {
      throw new Error(
        "pulumi-99digital must be installed in the Pulumi program's node_modules " +
          `(npm install pulumi-99digital): ${(e as Error).message}`,
        { cause: e },
      );
    }
    return host.providerFor(kind);
  };
  return {
    configure: (req) => implementation().configure(req),
    check: (olds, news) => implementation().check(olds, news),
    diff: (id, olds, news) => implementation().diff(id, olds, news),
    create: (inputs) => implementation().create(inputs),
    read: (id, props) => implementation().read(id, props),
    update: (id, olds, news) => implementation().update(id, olds, news),
    delete: (id, props) => implementation().delete(id, props),
  };
}
