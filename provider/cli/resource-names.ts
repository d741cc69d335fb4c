// Resource names for adopted accounts: readable (taken from the account's name), valid
// TypeScript identifiers (the generated module exports each resource under its name), unique,
// and independent of the order the API lists accounts in. A name shared by several accounts
// gets each account's id as a suffix rather than a counter, so which account gets which name
// never depends on who came first.

/** One account to name: its key (`<server>/<accountId>`) and the fields the name draws on. */
export interface Nameable {
  server: string;
  accountId: string;
  accountName: string;
}

/** Long names are cut here; a cut that makes two names equal is resolved like any clash. */
const MAX_BASE_LENGTH = 48;

// Hebrew letters by their usual Latin consonants (vowel points are dropped beforehand). Final
// forms read like their ordinary forms.
const hebrew: Record<string, string> = {
  א: "a",
  ב: "b",
  ג: "g",
  ד: "d",
  ה: "h",
  ו: "v",
  ז: "z",
  ח: "ch",
  ט: "t",
  י: "y",
  כ: "k",
  ך: "k",
  ל: "l",
  מ: "m",
  ם: "m",
  נ: "n",
  ן: "n",
  ס: "s",
  ע: "e",
  פ: "p",
  ף: "p",
  צ: "ts",
  ץ: "ts",
  ק: "k",
  ר: "r",
  ש: "sh",
  ת: "t",
};

// Marks that sit inside a word (O'Brien, צ׳יפס, בע״מ) rather than between words.
const inWordMarks = new Set(["'", "’", "׳", "״", '"', "`"]);

// Words TypeScript reserves, or that the generated module itself uses, cannot be a const's name.
const reserved = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "as",
  "implements",
  "interface",
  "let",
  "package",
  "private",
  "protected",
  "public",
  "static",
  "yield",
  "await",
  "arguments",
  "eval",
  "undefined",
  "NaN",
  "Infinity",
  "digital99",
]);

/**
 * The words of an account name in ASCII: Latin letters without their accents, Hebrew
 * transliterated, every other letter or digit spelt as `u<code point in hex>` (a word of its
 * own), everything else a word boundary.
 */
export function asciiWords(accountName: string): string[] {
  const words: string[] = [];
  let word = "";
  const flush = () => {
    if (word !== "") words.push(word);
    word = "";
  };
  for (const char of accountName.normalize("NFKD")) {
    if (/\p{M}/u.test(char) || inWordMarks.has(char)) continue;
    if (/[A-Za-z0-9]/.test(char)) word += char.toLowerCase();
    else if (hebrew[char] !== undefined) word += hebrew[char];
    else if (/[\p{L}\p{N}]/u.test(char)) {
      flush();
      words.push(`u${char.codePointAt(0)!.toString(16)}`);
    } else flush();
  }
  flush();
  return words;
}

/** The name an account gets when no other account claims it: camelCase, a valid identifier. */
export function baseName(accountName: string): string {
  const words = asciiWords(accountName);
  let name = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("");
  if (name === "" || /^[0-9]/.test(name))
    name = `account${name.replace(/^[a-z]/, (c) => c.toUpperCase())}`;
  name = name.slice(0, MAX_BASE_LENGTH);
  return reserved.has(name) ? `${name}Account` : name;
}

/** `<server>/<accountId>`: the resource id, and the key every map here uses. */
export function accountKey(account: { server: string; accountId: string }): string {
  return `${account.server}/${account.accountId}`;
}

/**
 * A unique name for every account, keyed by `accountKey`. `taken` holds names that are not
 * free (resources already in the stack). A base name claimed by one account only keeps it;
 * otherwise each claimant gets `<base>_<accountId>`, or `<base>_<server>_<accountId>` when the
 * same id recurs on two servers. Base names never contain "_", so a suffixed name cannot clash
 * with a bare one.
 */
export function assignNames(
  accounts: readonly Nameable[],
  taken: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const used = new Set(taken);
  const names = new Map<string, string>();
  const byBase = groupBy(sortedByKey(accounts), (a) => baseName(a.accountName));

  const bare = [...byBase].filter(([base, group]) => group.length === 1 && !taken.has(base));
  for (const [base, [account]] of bare) {
    names.set(accountKey(account), base);
    used.add(base);
  }
  for (const [base, group] of byBase) {
    if (group.length === 1 && names.has(accountKey(group[0]))) continue;
    const idCount = countBy(group, (a) => a.accountId);
    for (const account of group) {
      const suffix =
        idCount.get(account.accountId)! > 1
          ? `${identifierPart(account.server)}_${identifierPart(account.accountId)}`
          : identifierPart(account.accountId);
      names.set(accountKey(account), claim(`${base}_${suffix}`, used));
    }
  }
  return names;
}

/** `name`, or when that is taken (a name in the stack, say) the first free `name_2`, `name_3`... */
function claim(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
  used.add(candidate);
  return candidate;
}

function identifierPart(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, "_");
}

function sortedByKey<T extends Nameable>(accounts: readonly T[]): T[] {
  return [...accounts].sort(compareAccounts);
}

/** Server, then account id (numerically when both are numbers): the order of the module. */
export function compareAccounts(
  a: { server: string; accountId: string },
  b: { server: string; accountId: string },
): number {
  if (a.server !== b.server) return a.server < b.server ? -1 : 1;
  const numeric = /^\d+$/.test(a.accountId) && /^\d+$/.test(b.accountId);
  if (numeric && a.accountId.length !== b.accountId.length)
    return a.accountId.length - b.accountId.length;
  return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * A builder as `assignNames` sees it: keyed `builder/<builderId>` and named after its client,
 * with "builder" as a last word so it reads apart from the client's account.
 */
export function builderNameable(builder: { builderId: string; clientName: string }): Nameable {
  return {
    server: "builder",
    accountId: builder.builderId,
    accountName: `${builder.clientName} builder`,
  };
}

/**
 * An inbox as `assignNames` sees it: keyed by its id `<server>/<accountId>/<inboxId>` and named
 * after its account (when known) and itself, with "inbox" as a last word.
 */
export function inboxNameable(inbox: {
  server: string;
  accountId: string;
  inboxId: string;
  inboxName: string;
  accountName?: string;
}): Nameable {
  return {
    server: accountKey(inbox),
    accountId: inbox.inboxId,
    accountName: `${inbox.accountName ?? ""} ${inbox.inboxName} inbox`,
  };
}

/** Builders by id, numerically: the order of the module. */
export function compareBuilders(a: { builderId: string }, b: { builderId: string }): number {
  return compareAccounts(
    { server: "", accountId: a.builderId },
    { server: "", accountId: b.builderId },
  );
}

/** Inboxes by their account (as accounts are ordered), then by inbox id. */
export function compareInboxes(
  a: { server: string; accountId: string; inboxId: string },
  b: { server: string; accountId: string; inboxId: string },
): number {
  return (
    compareAccounts(a, b) ||
    compareAccounts({ server: "", accountId: a.inboxId }, { server: "", accountId: b.inboxId })
  );
}
