// Requests received, per endpoint. Only the endpoints the simulator serves get
// a count of their own; every other path shares one, so a client (or a
// scanner) trying ever new paths cannot make the simulator's memory grow.

/** The key under which requests to paths that name no served endpoint are counted. */
export const UNKNOWN_PATHS = "unknown";

export class RequestCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly endpoints: ReadonlySet<string>) {}

  /** `name` is "section/action", or undefined for a path outside /api. */
  add(name: string | undefined): void {
    const key = name !== undefined && this.endpoints.has(name) ? name : UNKNOWN_PATHS;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /**
   * All requests, or those of one endpoint or of UNKNOWN_PATHS. Any other name
   * is refused: it would always count 0, and a test asserting on it would pass
   * for the wrong reason.
   */
  get(endpoint?: string): number {
    if (endpoint === undefined) {
      let total = 0;
      for (const n of this.counts.values()) total += n;
      return total;
    }
    if (endpoint !== UNKNOWN_PATHS && !this.endpoints.has(endpoint)) {
      throw new TypeError(
        `requestCount: ${JSON.stringify(endpoint)} is not an endpoint the simulator serves; ` +
          `requests to other paths are counted as ${JSON.stringify(UNKNOWN_PATHS)}`,
      );
    }
    return this.counts.get(endpoint) ?? 0;
  }

  /** Only keys with at least one request, sorted by name. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  clear(): void {
    this.counts.clear();
  }
}
