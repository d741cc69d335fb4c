// Resource names for adopted accounts: readable, valid identifiers, unique, and the same for
// the same accounts whatever order the API lists them in.
import assert from "node:assert/strict";
import {
  asciiWords,
  assignNames,
  baseName,
  type Nameable,
} from "../../../provider/cli/resource-names";
import { IDENTIFIER } from "./helpers";

const account = (accountId: string, accountName: string, server = "online"): Nameable => ({
  accountId,
  accountName,
  server,
});

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe("adopt: resource names", () => {
  it("camel-cases the words of a Latin name, without accents or punctuation", () => {
    assert.equal(baseName("Acme Inc."), "acmeInc");
    assert.equal(baseName("O'Brien & Sons, Ltd."), "obrienSonsLtd");
    assert.equal(baseName("Café Müller"), "cafeMuller");
  });

  it("transliterates Hebrew, vowel points and geresh included", () => {
    assert.deepEqual(asciiWords('שלום עולם בע"מ'), ["shlvm", "evlm", "bem"]);
    assert.equal(baseName("מַכּוֹלֶת"), baseName("מכולת"));
    assert.equal(baseName("צ׳יפס"), "tsyps");
  });

  it("spells letters of other scripts by code point", () => {
    assert.equal(baseName("中文"), "u4e2dU6587");
    assert.equal(baseName("Кафе"), "u41aU430U444U435");
  });

  it("starts every name with a letter and avoids reserved words", () => {
    assert.equal(baseName("24/7 Shop"), "account247Shop");
    assert.equal(baseName("!!!"), "account");
    assert.equal(baseName("class"), "classAccount");
    assert.equal(baseName("Digital99"), "digital99Account");
    for (const name of ["24/7", "", "   ", "🙂", "new", "default", "a".repeat(200)]) {
      assert.match(baseName(name), IDENTIFIER, name);
    }
  });

  it("keeps a name one account claims, and suffixes shared names with each account's id", () => {
    const names = assignNames([
      account("1", "Acme Inc"),
      account("2", "ACME inc."),
      account("3", "Beta"),
    ]);
    assert.deepEqual(Object.fromEntries(names), {
      "online/1": "acmeInc_1",
      "online/2": "acmeInc_2",
      "online/3": "beta",
    });
  });

  it("adds the server when the same id recurs on two servers", () => {
    const names = assignNames([account("7", "Acme", "online"), account("7", "Acme", "eu1")]);
    assert.deepEqual(Object.fromEntries(names), {
      "online/7": "acme_online_7",
      "eu1/7": "acme_eu1_7",
    });
  });

  it("treats names already in the stack as taken", () => {
    const names = assignNames([account("9", "Acme"), account("10", "Beta")], new Set(["acme"]));
    assert.equal(names.get("online/9"), "acme_9");
    assert.equal(names.get("online/10"), "beta");
    const again = assignNames([account("9", "Acme")], new Set(["acme", "acme_9"]));
    assert.equal(again.get("online/9"), "acme_9_2");
  });

  it("gives the same names for any order of the same accounts, all unique identifiers", () => {
    const estate: Nameable[] = [];
    const words = ["Acme", "אקמה", "Acme!", "Beta", "בטא", "中文", "24/7", "class", "", "Ünïcode"];
    for (let i = 1; i <= 300; i++) {
      // Ids recur across the two servers, names across accounts.
      estate.push(
        account(String(Math.ceil(i / 2)), words[i % words.length], i % 2 ? "online" : "eu1"),
      );
    }
    const first = Object.fromEntries(assignNames(estate));
    for (const seed of [1, 2, 3]) {
      assert.deepEqual(Object.fromEntries(assignNames(shuffled(estate, seed))), first);
    }
    const values = Object.values(first);
    assert.equal(new Set(values).size, estate.length);
    for (const name of values) assert.match(name, IDENTIFIER);
  });
});
