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

/**
 * The most tokens remembered at once. Past it the oldest are forgotten: their holders get reason
 * 3 and renew, as after an expiry. Without a bound, a client looping on settings/accessToken would
 * grow the simulator by one entry per token, each kept for the token's hour.
 */
export const MAX_TOKENS = 10_000;

/**
 * The most addresses whose wrong credentials are counted at once. Past it those that failed
 * longest ago are forgotten, counts and blocks with them. Without a bound, wrong credentials from
 * ever new addresses would grow the simulator by one entry each, for good.
 */
export const MAX_FAILING_ADDRESSES = 10_000;

/**
 * A map of at most `max` entries, in two generations: when the newer one holds half of them it
 * becomes the older, and the former older is forgotten at once. Setting a key moves it to the
 * newer, so what is forgotten is what was set longest ago. (A Map trimmed one entry at a time
 * from its front slows down as the deleted entries it must step over pile up.)
 */
class BoundedMap<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.newer.size + this.older.size;
  }

  get(key: K): V | undefined {
    return this.newer.has(key) ? this.newer.get(key) : this.older.get(key);
  }

  set(key: K, value: V): void {
    this.older.delete(key);
    this.newer.set(key, value);
    if (this.newer.size >= this.max / 2) {
      this.older = this.newer;
      this.newer = new Map();
    }
  }

  delete(key: K): void {
    this.newer.delete(key);
    this.older.delete(key);
  }

  clear(): void {
    this.newer.clear();
    this.older.clear();
  }
}

const digest = (s: string): Buffer => crypto.createHash("sha256").update(s).digest();

/** Compares without leaking, through timing, how much of a guess was right. */
function sameSecret(given: string, expected: Buffer): boolean {
  return crypto.timingSafeEqual(digest(given), expected);
}

export class Auth {
  private readonly tokens = new BoundedMap<string, number>(MAX_TOKENS);
  private readonly failures = new BoundedMap<string, FailureRecord>(MAX_FAILING_ADDRESSES);

  /** The credentials' digests, computed once: every attempt is compared with them. */
  private readonly expected: { clientId: Buffer; clientSecret: Buffer };

  constructor(private readonly options: AuthOptions) {
    this.expected = {
      clientId: digest(options.clientId),
      clientSecret: digest(options.clientSecret),
    };
  }

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
      sameSecret(clientId, this.expected.clientId) &&
      sameSecret(clientSecret, this.expected.clientSecret);
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
    // Expired and unknown tokens answer the same, so forgetting any token is safe: its holder
    // renews. The bound forgets expired ones as they age.
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
    // An expired token answers as an unknown one does.
    this.tokens.clear();
  }

  /** How many tokens and failing addresses are remembered (both are bounded). */
  remembered(): { tokens: number; failingAddresses: number } {
    return { tokens: this.tokens.size, failingAddresses: this.failures.size };
  }

  clearBlocks(): void {
    this.failures.clear();
  }
}
