// A key unique to a resource within its project and stack: tells this resource from any other
// when two of them claim one remote object (ProviderRuntime.claim).
import * as pulumi from "@pulumi/pulumi";
import { derivedReference } from "./reference";

/** A hash of project, stack and the resource's path (its parent's URN, when it has a parent). */
export function resourceKeyFor(
  name: string,
  parent: pulumi.Resource | undefined,
): pulumi.Input<string> {
  const derive = (path: string) => derivedReference(pulumi.getProject(), pulumi.getStack(), path);
  return parent ? parent.urn.apply((urn) => derive(`${urn}::${name}`)) : derive(name);
}
