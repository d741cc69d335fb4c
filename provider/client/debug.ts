// DIGITAL99_DEBUG=1: one line per attempt, enough to see what a run did and why it waited,
// and nothing that could leak: no bodies, no headers, every line redacted once more.

import type { Redactor } from "./redact";

export type DebugSink = (line: string) => void;

/** The option's value, or the environment's default (DIGITAL99_DEBUG=1 → stderr). */
export function resolveDebugSink(
  option: boolean | DebugSink | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DebugSink | undefined {
  if (typeof option === "function") return option;
  const enabled = option ?? env.DIGITAL99_DEBUG === "1";
  return enabled ? (line) => process.stderr.write(`${line}\n`) : undefined;
}

export interface AttemptLog {
  method: string;
  path: string;
  /** HTTP status; absent when no answer came. */
  status?: number;
  reason?: number;
  durationMs: number;
  /** 1-based. */
  attempt: number;
  /** Retries made before this attempt. */
  retry: number;
  /** What happens next: "ok", "fail", "retry in 120ms", "renew token", "ambiguous", ... */
  outcome: string;
  /** An error code such as ECONNRESET, when there was one. */
  code?: string;
}

export function formatAttempt(entry: AttemptLog): string {
  const parts = [
    "digital99",
    entry.method,
    entry.path,
    `status=${entry.status ?? "-"}`,
    `reason=${entry.reason ?? "-"}`,
    `duration=${entry.durationMs}ms`,
    `attempt=${entry.attempt}`,
    `retry=${entry.retry}`,
  ];
  if (entry.code !== undefined) parts.push(`code=${entry.code}`);
  parts.push(`outcome=${entry.outcome}`);
  return parts.join(" ");
}

export class DebugLog {
  constructor(
    private readonly sink: DebugSink | undefined,
    private readonly redactor: Redactor,
  ) {}

  get enabled(): boolean {
    return this.sink !== undefined;
  }

  attempt(entry: AttemptLog, extraSecrets: readonly string[] = []): void {
    if (!this.sink) return;
    try {
      this.sink(this.redactor.text(formatAttempt(entry), extraSecrets));
    } catch {
      // A broken log sink must not break the request it describes.
    }
  }
}
