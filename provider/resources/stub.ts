// The provider object that Pulumi serializes into state (`__provider`) for
// every resource of one kind. It holds no logic and captures nothing but the
// kind's name: each method loads the implementation from the installed
// package when Pulumi's provider host runs it. So the state stays small,
// identical for every resource and release, free of secrets, and an upgrade
// of the package changes what runs without any diff.
//
// Everything inside the closures below is copied into every resource's
// state, comments and names included: keep it terse (a test holds it under
// 2.5 KiB). The provider host resolves the require from the program's
// directory, where the package is installed; a static import would be
// serialized whole.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../host";

type Host = typeof import("../host");
type Implementation = Required<pulumi.dynamic.ResourceProvider>;

export function providerStub(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const impl = (): Implementation => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require("pulumi-99digital/provider-host") as Host).providerFor(kind);
    } catch (e) {
      throw new Error(`install pulumi-99digital beside the program: ${(e as Error).message}`, {
        cause: e,
      });
    }
  };
  return {
    configure: (r) => impl().configure(r),
    check: (o, n) => impl().check(o, n),
    diff: (i, o, n) => impl().diff(i, o, n),
    create: (n) => impl().create(n),
    read: (i, o) => impl().read(i, o),
    update: (i, o, n) => impl().update(i, o, n),
    delete: (i, o) => impl().delete(i, o),
  };
}
