// Exactly-once creation of what the API can only list: builders (getBuilders returns no
// reference) and WhatsApp inboxes (getInboxes returns no number). createBuilder and createInbox
// are not idempotent, and an attempt whose answer is lost (timeout, reset, 5xx, cut body) may
// or may not have made the object, possibly after the client gave up. So, as for accounts
// (create-once.ts): never resend blindly, look for what a lost attempt may have made first,
// give a late one time to show up, and never adopt what may not be ours.
//
// Without a key of our own in the listing, "ours" is narrower than for accounts: an object
// listed before the creation began is never ours, and of what appeared since, only one that
// looks like the object asked for (same name, ...) can be. Creations that could be mistaken for
// one another (same scope, e.g. the same client name) run one at a time in the process, so that
// one resource never takes another's new object for its own; an object made meanwhile by
// anyone else makes the outcome ambiguous, and an ambiguous outcome is an error naming the
// candidates, never a guess.
import { CreationUncertainError } from "./create-once";

/** What one kind of object needs for exactly-once creation. */
export interface ListedCreation<Made, Listed> {
  /** Names the object in messages, e.g. `builder "Acme Inc"`. */
  describe: string;
  /** Creations in the same scope could be mistaken for one another: they run one at a time. */
  scope: string;
  /** A fresh listing of where the object appears once created. */
  list(): Promise<Listed[]>;
  idOf(item: Listed): string;
  /** Whether a listed object looks like the one asked for (new or not). */
  looksLike(item: Listed): boolean;
  /** When the listing says: Unix seconds the object was created. */
  createdAt?(item: Listed): number;
  create(): Promise<Made>;
  idOfMade(made: Made): string;
  /** A listed object taken as the answer a lost attempt should have given. */
  found(item: Listed): Made;
  /** False when the API itself refuses a second one (e.g. a WhatsApp number is unique). */
  duplicatesPossible: boolean;
  /** Called with the listing taken before the first attempt (e.g. for hints). */
  beforeCreating?(existing: Listed[]): void;
  /** What the user should do when the outcome stays unknown. */
  nextStep(candidates: Listed[]): string;
}

export interface ListedCreateOptions {
  /** Attempts at most, counting the first. */
  maxAttempts: number;
  /** How long a lost attempt gets to show up in the listing before we conclude it failed. */
  settleMs: number;
  sleep: (ms: number) => Promise<void>;
  warn: (message: string) => void;
  queue: OneAtATime;
}

export interface Creation<Made> {
  made: Made;
  outcome: "created" | "found-after-ambiguous-attempt";
}

/** Creates the object once, whatever the network loses (see the file's comment). */
export function createListedOnce<Made, Listed>(
  spec: ListedCreation<Made, Listed>,
  options: ListedCreateOptions,
): Promise<Creation<Made>> {
  return options.queue.run(spec.scope, () => new Attempts(spec, options).run());
}

/** Tasks with the same key run one after the other; others run freely. */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** Server and provider clocks may differ; creation time only rules out old objects. */
const clockSlackSeconds = 15 * 60;

class Attempts<Made, Listed> {
  private preexisting = new Set<string>();
  private startedAt = 0;

  constructor(
    private readonly spec: ListedCreation<Made, Listed>,
    private readonly options: ListedCreateOptions,
  ) {}

  async run(): Promise<Creation<Made>> {
    const before = await this.spec.list();
    // What exists now was not made by this creation.
    this.preexisting = new Set(before.map((item) => this.spec.idOf(item)));
    this.startedAt = Math.floor(Date.now() / 1000);
    this.spec.beforeCreating?.(before);

    let lastAmbiguous: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      try {
        const made = await this.spec.create();
        if (lastAmbiguous !== undefined && this.spec.duplicatesPossible) {
          await this.reportLateDuplicates(this.spec.idOfMade(made));
        }
        return { made, outcome: "created" };
      } catch (error) {
        if (!isAmbiguous(error)) {
          // A refusal after a lost attempt (e.g. "number already used") may mean that the lost
          // attempt made it.
          if (lastAmbiguous !== undefined) {
            const found = await this.lookForIt(error);
            if (found) return found;
          }
          throw error;
        }
        lastAmbiguous = error;
      }
      const found = await this.lookForIt(lastAmbiguous);
      if (found) return found;
    }
    throw new CreationUncertainError(
      `${this.spec.describe} was not created after ${this.options.maxAttempts} attempts that ` +
        `got no clear answer (last: ${messageOf(lastAmbiguous)}), and nothing like it showed ` +
        `up. A lost attempt may still take effect late: ${this.spec.nextStep([])}`,
    );
  }

  private async madeSinceStart(): Promise<Listed[]> {
    const { spec } = this;
    return (await spec.list()).filter(
      (item) =>
        !this.preexisting.has(spec.idOf(item)) &&
        spec.looksLike(item) &&
        (spec.createdAt === undefined ||
          spec.createdAt(item) >= this.startedAt - clockSlackSeconds),
    );
  }

  /** Looks for what a lost attempt may have made, giving a late one time to appear. */
  private async lookForIt(cause: unknown): Promise<Creation<Made> | undefined> {
    let candidates: Listed[];
    try {
      candidates = await this.madeSinceStart();
      if (candidates.length === 0) {
        await this.options.sleep(this.options.settleMs);
        candidates = await this.madeSinceStart();
      }
    } catch (lookupError) {
      throw new CreationUncertainError(
        `${this.spec.describe} may have been created: the request got no clear answer ` +
          `(${messageOf(cause)}) and the lookup that would tell failed ` +
          `(${messageOf(lookupError)}). ${this.spec.nextStep([])}`,
      );
    }
    if (candidates.length === 0) return undefined;
    if (candidates.length > 1) {
      throw new CreationUncertainError(
        `${this.spec.describe}: the request got no clear answer, and ${candidates.length} ` +
          `new objects like it appeared meanwhile (${this.ids(candidates)}); which one this ` +
          `creation made cannot be told, so none was taken. ${this.spec.nextStep(candidates)}`,
      );
    }
    return { made: this.spec.found(candidates[0]), outcome: "found-after-ambiguous-attempt" };
  }

  /**
   * An earlier attempt may take effect after a later one succeeded. Nothing in the listing proves
   * such an object ours, so it is reported, never deleted. Never fails the creation.
   */
  private async reportLateDuplicates(keptId: string): Promise<void> {
    try {
      await this.options.sleep(this.options.settleMs);
      const extras = (await this.madeSinceStart()).filter(
        (item) => this.spec.idOf(item) !== keptId,
      );
      if (extras.length === 0) return;
      this.options.warn(
        `${this.spec.describe}: created as ${keptId}, but ${this.ids(extras)} appeared as well ` +
          `during this creation, probably made by a lost attempt that took effect late. They ` +
          `were left alone: delete them if they are duplicates.`,
      );
    } catch (error) {
      this.options.warn(
        `${this.spec.describe}: created as ${keptId}, but the check for a late duplicate ` +
          `failed (${messageOf(error)}); look for a second one made at the same time`,
      );
    }
  }

  private ids(items: Listed[]): string {
    return items.map((item) => this.spec.idOf(item)).join(", ");
  }
}

function isAmbiguous(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { ambiguous?: unknown }).ambiguous === true
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
