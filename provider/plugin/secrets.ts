// Secrets cross the plugin's boundary wrapped: the engine sends a secret input as an object
// marked with Pulumi's secret signature, and marks outputs secret the same way. Lifecycle code
// sees plain values only (so no wrapper ever reaches the API), and every field that is secret,
// by the kind's field table or because the program made it so, leaves the plugin wrapped again
// (so state never holds it in plain text).
import * as pulumi from "@pulumi/pulumi";
import type { FieldTable, Props } from "../resources/fields";
import { secretFields } from "../resources/fields";

const SIG = pulumi.runtime.specialSigKey;
const SECRET = pulumi.runtime.specialSecretSig;

function isWrappedSecret(value: unknown): value is { value?: unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SIG] === SECRET
  );
}

/** `value` with every secret wrapper, at any depth, replaced by what it holds. */
export function reveal<T>(value: T): T {
  if (isWrappedSecret(value)) return reveal(value.value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => reveal(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Props).map(([key, item]) => [key, reveal(item)]),
    ) as T;
  }
  return value;
}

/** Whether `value` holds a secret wrapper anywhere. */
export function holdsSecret(value: unknown): boolean {
  if (isWrappedSecret(value)) return true;
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsSecret);
  return false;
}

export function secret(value: unknown): Props {
  return { [SIG]: SECRET, value };
}

/** `props` with every value wrapped: what comes of secret values is secret as a whole. */
export function concealAll(props: Props): Props {
  return Object.fromEntries(
    Object.entries(props).map(([key, value]) => [
      key,
      isWrappedSecret(value) ? value : secret(reveal(value)),
    ]),
  );
}

/**
 * `props` with every field wrapped that is secret: by the field table, or because the program
 * gave it as a secret (in one of `sources`, the values that came in). The engine leaves secrecy
 * to a provider that accepts secrets, as this one does, so a field the program made secret must
 * leave as one too, or the state would hold it in plain text.
 */
export function conceal(
  table: FieldTable<unknown>,
  props: Props | undefined,
  ...sources: ReadonlyArray<Props | undefined>
): Props | undefined {
  if (!props) return props;
  const out: Props = { ...props };
  const keys = new Set<string>(secretFields(table));
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) if (holdsSecret(value)) keys.add(key);
  }
  for (const key of keys) {
    if (out[key] !== undefined && !isWrappedSecret(out[key])) out[key] = secret(out[key]);
  }
  return out;
}
