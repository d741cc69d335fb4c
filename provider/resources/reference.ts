// The references this package derives for accounts the program gave none,
// and how it tells them from references a partner chose. Only a derived
// reference proves that an account was made for one resource of one stack:
// that proof is what lets the provider adopt an earlier run's account, or
// delete its own late duplicate, without asking.
import { createHash } from "node:crypto";

/** Prefix of references this package derives. A prefix alone proves nothing: see isDerivedReference. */
export const derivedReferencePrefix = "pulumi";

/** The exact shape of a derived reference: the prefix and 24 lower-case hex digits. */
const derivedShape = /^pulumi[0-9a-f]{24}$/;

/**
 * A stable reference for a resource: letters and digits, 30 characters.
 * `name` is the resource name, prefixed with its parent's URN when it has a
 * parent, so that two children of the same name get different references.
 * Users' states store these as inputs: changing the formula would show a
 * difference on every existing resource.
 */
export function derivedReference(project: string, stack: string, name: string): string {
  const digest = createHash("sha256").update(`${project}\u0000${stack}\u0000${name}`).digest("hex");
  return `${derivedReferencePrefix}${digest.slice(0, 24)}`;
}

/**
 * Whether a reference was derived by this package. The resource says so
 * (`referenceDerived`) when it derived one; a state written before it said
 * so counts as derived only in the exact derived shape, so that a partner's
 * "pulumi-crm-7" or "pulumiAcme" is never taken for ours.
 */
export function isDerivedReference(reference: string, referenceDerived?: boolean): boolean {
  return referenceDerived ?? derivedShape.test(reference);
}
