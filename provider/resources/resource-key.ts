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

/** A resource URN's parts: `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`. */
export function urnParts(urn: string): {
  stack: string;
  project: string;
  type: string;
  hasParent: boolean;
  name: string;
} {
  const [head, project, qualifiedType = "", ...rest] = urn.split("::");
  const types = qualifiedType.split("$");
  return {
    stack: head.split(":").slice(2).join(":"),
    project,
    type: types[types.length - 1],
    hasParent: types.length > 1,
    name: rest.join("::"),
  };
}

/**
 * The same key for a resource known by its URN, as the provider plugin knows it. A resource
 * without a parent gets exactly the key the dynamic resource class gives it, so that a stack
 * moving to the plugin keeps its derived references; one with a parent is keyed by its URN,
 * unique in the stack.
 */
export function resourceKeyFromUrn(urn: string): string {
  const { stack, project, hasParent, name } = urnParts(urn);
  return derivedReference(project, stack, hasParent ? urn : name);
}
