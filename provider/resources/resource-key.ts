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

/**
 * The same key for a resource known by its URN, as the provider plugin knows it. A resource
 * without a parent gets exactly the key the dynamic resource class gives it, so that a stack
 * moving to the plugin keeps its derived references; one with a parent is keyed by its URN,
 * unique in the stack.
 */
export function resourceKeyFromUrn(urn: string): string {
  const [head, project, qualifiedType, ...rest] = urn.split("::");
  const stack = head.split(":").slice(2).join(":");
  const name = rest.join("::");
  return derivedReference(project, stack, qualifiedType.includes("$") ? urn : name);
}
