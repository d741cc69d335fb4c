// The access token: fetched once and shared. Concurrent callers wait for the same fetch
// (single flight), because a burst of calls at startup must not become a burst of token
// requests, and wrong credentials repeated quickly get the partner's IP blocked.

export interface IssuedToken {
  token: string;
  /** How long the token lives from now, as far as the issuer says. */
  lifetimeMs: number;
}

export interface TokenCacheOptions {
  /** A token given by the user, used as is until the API says it expired. */
  accessToken?: string;
  /** Obtains a fresh token (settings/accessToken); absent when only accessToken was given. */
  fetch?: () => Promise<IssuedToken>;
  /**
   * Failures that will not go away by asking again (wrong credentials, IP blocked): remembered
   * and rethrown without another request, since every repeat brings an IP block closer.
   */
  isPermanentFailure?: (error: unknown) => boolean;
  /** Renew this long before expiry, at most; defaults to 60 s. */
  refreshMarginMs?: number;
  now?: () => number;
}

export class TokenCache {
  private current?: { token: string; renewAt: number };
  private pending?: Promise<string>;
  private failure?: Error;
  private readonly isPermanentFailure: (error: unknown) => boolean;
  private readonly fetchToken?: () => Promise<IssuedToken>;
  private readonly margin: number;
  private readonly now: () => number;

  constructor(options: TokenCacheOptions) {
    this.fetchToken = options.fetch;
    this.margin = options.refreshMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.isPermanentFailure = options.isPermanentFailure ?? (() => false);
    if (options.accessToken !== undefined) {
      this.current = { token: options.accessToken, renewAt: Number.POSITIVE_INFINITY };
    }
  }

  /** Whether a rejected token can be replaced by a fresh one. */
  get renewable(): boolean {
    return this.fetchToken !== undefined;
  }

  /** A token valid for a while yet; fetches one (once, for all callers) when needed. */
  get(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt)
      return Promise.resolve(this.current.token);
    if (this.pending) return this.pending;
    if (this.failure) return Promise.reject(this.failure);
    const fetchToken = this.fetchToken;
    if (!fetchToken) {
      // Only a user-given token that the API rejected: nothing to renew it with.
      return Promise.reject(new Error("no token source"));
    }
    const pending = (async () => {
      try {
        const issued = await fetchToken();
        // A short-lived token (tests, a skewed clock) keeps most of its life instead of none.
        const margin = Math.min(this.margin, issued.lifetimeMs / 10);
        this.current = { token: issued.token, renewAt: this.now() + issued.lifetimeMs - margin };
        return issued.token;
      } catch (error) {
        if (error instanceof Error && this.isPermanentFailure(error)) this.failure = error;
        throw error;
      } finally {
        this.pending = undefined;
      }
    })();
    this.pending = pending;
    return pending;
  }

  /**
   * The API rejected `token` as expired. Forgets it unless another caller already replaced it,
   * so fifty calls failing together cause one renewal, not fifty.
   */
  invalidate(token: string): void {
    if (this.current?.token === token && this.fetchToken) this.current = undefined;
  }
}
