// One answer of a listing endpoint (getBuilders, getInboxes of an account) per key, shared by
// the many reads of a refresh, so that a run asks once per list and not once per resource.
// A write through the provider drops the answer it may have changed.

export class SharedListings<T> {
  private readonly answers = new Map<string, Promise<T[]>>();

  constructor(private readonly fetch: (key: string) => Promise<T[]>) {}

  get(key = ""): Promise<T[]> {
    let answer = this.answers.get(key);
    if (!answer) {
      const pending = this.fetch(key);
      answer = pending;
      this.answers.set(key, pending);
      // A failed fetch must not be served to later reads.
      pending.catch(() => {
        if (this.answers.get(key) === pending) this.answers.delete(key);
      });
    }
    return answer;
  }

  /** A fresh answer, which later reads share. */
  fresh(key = ""): Promise<T[]> {
    this.answers.delete(key);
    return this.get(key);
  }

  drop(key = ""): void {
    this.answers.delete(key);
  }

  clear(): void {
    this.answers.clear();
  }
}
