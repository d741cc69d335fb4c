// Access tokens and the brute-force guard of settings/accessToken.
import crypto from "node:crypto";

export interface AuthOptions {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  blockAfterFailures: number;
  blockSeconds: number;
}

export type IssueResult =
  { ok: true; token: string; expiresAt: number } | { ok: false; reason: 2 | 3 };

interface FailureRecord {
  count: number;
  blockedUntil: number;
}

/** Compares without leaking, through timing, how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export class Auth {
  private readonly tokens = new Map<string, number>();
  private readonly failures = new Map<string, FailureRecord>();

  constructor(private readonly options: AuthOptions) {}

  isBlocked(ip: string, now = Date.now()): boolean {
    const record = this.failures.get(ip);
    if (!record || record.blockedUntil === 0) return false;
    if (now < record.blockedUntil) return true;
    this.failures.delete(ip);
    return false;
  }

  /**
   * Wrong credentials count against the caller's IP; the attempt that reaches
   * the limit still answers 2, every later one 3 until the block lapses. A
   * success clears the count, so only consecutive failures block.
   */
  issue(clientId: unknown, clientSecret: unknown, ip: string, now = Date.now()): IssueResult {
    if (this.isBlocked(ip, now)) return { ok: false, reason: 3 };
    const valid =
      typeof clientId === "string" &&
      typeof clientSecret === "string" &&
      sameSecret(clientId, this.options.clientId) &&
      sameSecret(clientSecret, this.options.clientSecret);
    if (!valid) {
      const record = this.failures.get(ip) ?? { count: 0, blockedUntil: 0 };
      record.count++;
      if (record.count >= this.options.blockAfterFailures) {
        record.blockedUntil = now + this.options.blockSeconds * 1000;
      }
      this.failures.set(ip, record);
      return { ok: false, reason: 2 };
    }
    this.failures.delete(ip);
    // Expired and unknown tokens answer the same, so forgetting them is safe.
    for (const [old, at] of this.tokens) if (at <= now) this.tokens.delete(old);
    const token = crypto.randomBytes(24).toString("hex");
    const expiresAt = now + this.options.tokenTtlSeconds * 1000;
    this.tokens.set(token, expiresAt);
    return { ok: true, token, expiresAt };
  }

  /** True for `Bearer <token>` naming a token this simulator issued and that has not expired. */
  verify(authorization: string | undefined, now = Date.now()): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) return false;
    const expiresAt = this.tokens.get(match[1]);
    return expiresAt !== undefined && now < expiresAt;
  }

  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  clearBlocks(): void {
    this.failures.clear();
  }
}
