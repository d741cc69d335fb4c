// One field table per resource: how a change to each input applies, whether it is secret, and
// its default. `check`, `diff`, the outputs kept in state, the docs table (tested) and the
// resource's registered outputs all derive from it, so a field's behaviour is stated once.
import type * as pulumi from "@pulumi/pulumi";
import { printable } from "../printable";

/**
 * - inPlace: changed through the API without replacing anything.
 * - stateOnly: lives in Pulumi's state only (e.g. deletionProtection); a change touches no API.
 * - initialOnly: used when the object is created (or adopted); the object owns it afterwards, so
 *   a later change is reported as a warning and ignored.
 * - replace: no API changes it, so a new value means a new object.
 */
export type Change = "inPlace" | "stateOnly" | "initialOnly" | "replace";

export interface FieldRule {
  change: Change;
  /** Secret in inputs, outputs and state, even when given as plain text. */
  secret?: true;
  /** Applied by `check` when the program gives none. */
  default?: string | number | boolean;
  /** Not an input of the program: set by the resource class itself (e.g. a derived value). */
  internal?: true;
}

/** A rule for every input, no more, no fewer. */
export type FieldTable<Inputs> = { readonly [K in keyof Required<Inputs>]: FieldRule };

export type Props = Record<string, unknown>;

/** The value Pulumi sends for an input that is not known yet (preview). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function fieldsWhere<T>(table: FieldTable<T>, change: Change): Array<keyof T & string> {
  return (Object.keys(table) as Array<keyof T & string>).filter((k) => table[k].change === change);
}

export function defaultsOf<T>(table: FieldTable<T>): Props {
  const out: Props = {};
  for (const [key, rule] of Object.entries<FieldRule>(table)) {
    if (rule.default !== undefined) out[key] = rule.default;
  }
  return out;
}

export function secretFields<T>(table: FieldTable<T>): Array<keyof T & string> {
  return (Object.keys(table) as Array<keyof T & string>).filter((k) => table[k].secret === true);
}

/** The table's fields present in `source`, without undefined values (the host rejects them). */
export function pickFields<T>(table: FieldTable<T>, source: Props): Props {
  const out: Props = {};
  for (const key of Object.keys(table)) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** Outputs the provider host can send: Struct.fromJavaScript rejects undefined. */
export function defined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** True when `value` holds Pulumi's unknown marker anywhere; iterative, any depth. */
export function containsUnknown(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === unknownValue) return true;
    if (v !== null && typeof v === "object") {
      for (const item of Object.values(v as Record<string, unknown>)) stack.push(item);
    }
  }
  return false;
}

/** Numbers may come back from state as strings and the other way round. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "number";
  return scalar(a) && scalar(b) && String(a) === String(b);
}

/** A value as messages may show it: short, on one line, whatever the program or API passed. */
export function shown(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const chars = [...printable(text)];
  return chars.length > max
    ? `${chars.slice(0, max).join("")}… (${chars.length} characters)`
    : text;
}

export function list(fields: readonly string[]): string {
  return fields.length === 1
    ? fields[0]
    : `${fields.slice(0, -1).join(", ")} and ${fields[fields.length - 1]}`;
}

/**
 * Adopting an object whose name no API changes: the program must give the name it has, or the
 * next diff would replace what was just adopted. One failure naming both names, or none (also
 * while the name is unknown).
 */
export function adoptedNameFailures(
  field: string,
  wanted: unknown,
  current: string,
  what: "builder" | "inbox",
): pulumi.dynamic.CheckFailure[] {
  if (typeof wanted !== "string" || containsUnknown(wanted) || wanted.trim() === current.trim()) {
    return [];
  }
  return [
    {
      property: field,
      reason:
        `${field} must be the adopted ${what}'s name ${shown(current)}, not ${shown(wanted)}: ` +
        `no API renames a${what === "inbox" ? "n" : ""} ${what}, so another name would replace it`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// check

/**
 * A schema as check uses it: zod's `safeParse`, named structurally so that these declarations,
 * which the package's public types reach, do not pull zod's into a user's type check.
 */
export interface InputSchema {
  safeParse(value: unknown):
    | { success: true }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
      };
}

export interface CheckSpec<T> {
  kind: string;
  table: FieldTable<T>;
  /** The schema the inputs must satisfy, chosen from them (e.g. adopting needs fewer fields). */
  schema: (inputs: Props) => InputSchema;
  /** A cross-field rule's issue is skipped while a field it depends on is unknown. */
  dependsOn?: Readonly<Record<string, readonly string[]>>;
  /** Failures that need the state too (e.g. a protected replacement). */
  stateful?: (olds: Props, inputs: Props) => pulumi.dynamic.CheckFailure[];
}

/**
 * Applies defaults (null counts as absent), validates with the schema, and returns one failure
 * per bad field. Unknown values (preview) are skipped, not rejected. Never throws on any JSON.
 */
export function checkInputs<T>(
  spec: CheckSpec<T>,
  olds: Props,
  news: Props,
): pulumi.dynamic.CheckResult {
  const inputs: Props = {};
  for (const [key, value] of Object.entries(news ?? {})) {
    if (value !== null && value !== undefined) inputs[key] = value;
  }
  for (const [key, value] of Object.entries(defaultsOf(spec.table))) inputs[key] ??= value;

  const unknown = new Set(Object.keys(inputs).filter((key) => containsUnknown(inputs[key])));
  const known: Props = {};
  for (const key of Object.keys(spec.table)) {
    if (!unknown.has(key) && inputs[key] !== undefined) known[key] = inputs[key];
  }

  const failures = new Map<string, string>();
  const add = (property: string, reason: string) => {
    const earlier = failures.get(property);
    failures.set(property, earlier === undefined ? reason : `${earlier} Also: ${reason}`);
  };

  const parsed = spec.schema(known).safeParse(known);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const property = typeof issue.path[0] === "string" ? issue.path[0] : "";
      // A required field that is unknown now is checked when it is known.
      if (unknown.has(property) || seen.has(property)) continue;
      if ((spec.dependsOn?.[property] ?? []).some((d) => unknown.has(d))) continue;
      seen.add(property);
      add(property, issue.message);
    }
  }
  for (const key of Object.keys(inputs)) {
    if (key === "__provider") continue;
    const rule = (spec.table as Record<string, FieldRule | undefined>)[key];
    if (rule === undefined) add(key, `${key} is not an input of ${spec.kind}`);
  }
  const state = olds ?? {};
  if (Object.keys(state).length > 0 && spec.stateful) {
    for (const failure of spec.stateful(state, inputs)) {
      if (!unknown.has(failure.property)) add(failure.property, failure.reason);
    }
  }
  return {
    inputs,
    failures: [...failures].map(([property, reason]) => ({ property, reason })),
  };
}

// ---------------------------------------------------------------------------------------------
// diff

export interface PlannedChange<T> {
  replaces: Array<keyof T & string>;
  /** inPlace and stateOnly fields whose value changes. */
  updates: Array<keyof T & string>;
  /** initialOnly fields the program changed from what state holds: warned about, never applied. */
  ignored: Array<keyof T & string>;
}

/**
 * What a change from `olds` to `news` means by the table. `keepWhenAbsent` lists in-place fields
 * for which an absent new value means "no opinion" rather than "clear".
 */
export function plan<T>(
  table: FieldTable<T>,
  olds: Props,
  news: Props,
  keepWhenAbsent: readonly string[] = [],
): PlannedChange<T> {
  const changed = (key: string) => !same(olds[key], news[key]);
  const keys = Object.keys(table) as Array<keyof T & string>;
  return {
    replaces: keys.filter((k) => table[k].change === "replace" && changed(k)),
    updates: keys.filter(
      (k) =>
        (table[k].change === "inPlace" || table[k].change === "stateOnly") &&
        changed(k) &&
        !(news[k] === undefined && keepWhenAbsent.includes(k)),
    ),
    // Internal fields are the resource's own business, and a field state never held (an
    // adopted object's, a secret kept out of a failed creation) has nothing to compare with.
    ignored: keys.filter(
      (k) =>
        table[k].change === "initialOnly" &&
        table[k].internal !== true &&
        olds[k] !== undefined &&
        news[k] !== undefined &&
        changed(k),
    ),
  };
}

/** The warning for initial-only fields the program changed; `noun` is e.g. "account". */
export function initialOnlyWarning(what: string, noun: string, ignored: readonly string[]): string {
  const one = ignored.length === 1;
  return (
    `${what}: ${list(ignored)} ${one ? "only applies" : "only apply"} when the ${noun} is ` +
    `created; the ${noun} belongs to the customer now and keeps its current ` +
    `${one ? "value" : "values"}. The change is ignored, nothing is replaced.`
  );
}
