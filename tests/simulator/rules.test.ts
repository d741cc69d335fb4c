// The field rules on their own, at their edges, and the simulator's independence
// from the provider (two readings of the contract must stay two).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { prng } from "../../simulator/faults";
import {
  charLength,
  isEmail,
  isHttpUrl,
  isInternationalPhone,
  isNonEmptyText,
  isReference,
  isStrongPassword,
  parseBinary,
  parsePositiveInt,
  parseTwoFactorMode,
  parseWhatsappNumber,
} from "../../simulator/rules";

describe("simulator: field rules", () => {
  it("counts lengths in characters, so a 100-character Hebrew or emoji name fits", () => {
    assert.equal(charLength("שלום"), 4);
    assert.equal(charLength("😀😀"), 2);
    assert.equal(isNonEmptyText("😀".repeat(100), 100), true);
    assert.equal(isNonEmptyText("😀".repeat(101), 100), false);
  });

  it("positive integers: numbers or digit strings, 1..maxDigits digits", () => {
    assert.equal(parsePositiveInt(9999, 4), 9999);
    assert.equal(parsePositiveInt("9999", 4), 9999);
    assert.equal(parsePositiveInt("0012", 4), 12);
    for (const bad of [0, "0", -3, 10000, "10000", 2.5, "2.5", " 3", "", null, true, [1]]) {
      assert.equal(parsePositiveInt(bad, 4), undefined, JSON.stringify(bad));
    }
  });

  it("emails", () => {
    for (const good of [
      "a@b.co",
      "first.last+tag@mail.example.org",
      "x_y@sub-domain.example.com",
    ]) {
      assert.equal(isEmail(good), true, good);
    }
    for (const bad of [
      "",
      "a@",
      "@b.co",
      "a@b",
      "a b@c.co",
      "a@b..co",
      ".a@b.co",
      "a.@b.co",
      "a@-b.co",
      5,
    ]) {
      assert.equal(isEmail(bad), false, String(bad));
    }
    assert.equal(isEmail(`${"a".repeat(44)}@b.com`), true, "exactly 50");
    assert.equal(isEmail(`${"a".repeat(45)}@b.com`), false, "51");
  });

  it("emails: one @, a dot-atom local part, a domain with a dot and a real top-level domain", () => {
    for (const good of [
      "dana@shop.xn--4dbrk0ce",
      "dana@xn--5dbqzzl.co.il",
      "o'brien@example.ie",
      "a{b}c@example.museum",
      "UPPER@EXAMPLE.COM",
    ]) {
      assert.equal(isEmail(good), true, good);
    }
    for (const bad of [
      "a@@b.co",
      "a@b@c.co",
      "a@b.c1",
      "a@b.co.",
      "a@.b.co",
      "a@b-.co",
      "a@b.xn--",
      "a@localhost",
      "a@[127.0.0.1]",
      '"a b"@c.co',
      "Dana <dana@acme.co>",
      "dana @acme.co",
      "dana@acme.co ",
      "דנה@acme.co",
      "dana@דוגמה.ישראל",
      "dana😀@acme.co",
      "dana@漢字.jp",
    ]) {
      assert.equal(isEmail(bad), false, bad);
    }
  });

  it("passwords: >= 6, upper, lower, a listed special; digits optional", () => {
    assert.equal(isStrongPassword("Abcde!"), true);
    assert.equal(isStrongPassword("Abcd!"), false);
    assert.equal(isStrongPassword("abcde!"), false);
    assert.equal(isStrongPassword("ABCDE!"), false);
    assert.equal(isStrongPassword("Abcdef1"), false);
    assert.equal(isStrongPassword("Abcde \u00e9"), false, "space and é are not listed specials");
    assert.equal(isStrongPassword("Abcde\\"), true, "backslash is listed");
    assert.equal(isStrongPassword(`Ab!${"c".repeat(47)}`), true, "50");
    assert.equal(isStrongPassword(`Ab!${"c".repeat(48)}`), false, "51");
  });

  it("international phone numbers without +", () => {
    assert.equal(isInternationalPhone("972501234567"), true);
    assert.equal(isInternationalPhone("12345678"), true);
    assert.equal(isInternationalPhone("1234567"), true);
    assert.equal(isInternationalPhone("123456789012345"), true);
    for (const bad of [
      "+972501234567",
      "0501234567",
      "123456",
      "1234567890123456",
      "972-50-1234567",
    ]) {
      assert.equal(isInternationalPhone(bad), false, bad);
    }
    assert.equal(parseWhatsappNumber(972501234567), "972501234567");
    assert.equal(parseWhatsappNumber(9.7e11 + 0.5), undefined);
  });

  it("emails: an IDN domain only in a well-formed xn-- form, in either case", () => {
    for (const good of ["a@acme.xn--p1ai", "a@acme.XN--P1AI", "a@xn--bcher-kva.example"]) {
      assert.equal(isEmail(good), true, good);
    }
    // xn--a- decodes to the plain "a"; xn--- and xn--zz decode to nothing; ab--cd is reserved.
    for (const bad of [
      "a@acme.xn--a-",
      "a@acme.xn---",
      "a@acme.xn--p1ai-",
      "a@x.xn--zz",
      "a@xn--a-.example",
      "a@ab--cd.example",
    ]) {
      assert.equal(isEmail(bad), false, bad);
    }
  });

  it("URLs: http(s) in its plain form, nothing a parser would read differently or change", () => {
    for (const good of [
      "http://hooks.example.com",
      "https://192.0.2.10/e",
      "https://hooks.example.com:8443/e?k=1&v=%20#frag",
      "https://xn--5dbqzzl.xn--4dbrk0ce/%D7%A0",
      "https://HOOKS.Example.com/!$&'()*+,;=:@/?",
      "https://hooks.example.com:65535/",
    ]) {
      assert.equal(isHttpUrl(good, 512), true, good);
    }
    for (const bad of [
      // spaces and control characters a parser would drop or encode
      "https://hooks.example.com/a b",
      "https://hooks.example.com/a\tb",
      "https://hoo\tks.example.com/",
      "https://hooks.example.com/\n",
      " https://hooks.example.com/",
      "https://hooks.example.com/ ",
      "https://hooks.example.com/\u00a0",
      "https://hooks.example.com/\u2028",
      "https://hooks.example.com/\u0000",
      // the slashes after the scheme, and backslashes read as slashes
      "https:hooks.example.com",
      "https:/hooks.example.com",
      "https:///hooks.example.com",
      "//hooks.example.com",
      "https:\\\\hooks.example.com",
      "https://hooks.example.com\\e",
      // schemes
      "ftp://hooks.example.com",
      "mailto:a@b.co",
      "HTTPS://hooks.example.com/",
      "Http://hooks.example.com/",
      // user info
      "https://user@hooks.example.com/",
      "https://user:pw@hooks.example.com/",
      "https://@hooks.example.com/",
      // ports
      "https://hooks.example.com:99999/",
      "https://hooks.example.com:0/",
      "https://hooks.example.com:/",
      "https://hooks.example.com:08443/",
      // hosts
      "http://localhost:8080/hook",
      "https://intranet/e",
      "https://[::1]/e",
      "https://256.1.1.1/e",
      "https://0x7f.0.0.1/e",
      "https://hooks..example.com/",
      "https://hooks.example.com./",
      "https://%68ooks.example.com/",
      "https://xn--a-.example.com/",
      // another script, and characters RFC 3986 wants %-encoded
      "https://דוגמה.ישראל/נתיב",
      "https://hooks.example.com/😀",
      "https://hooks.example.com/<x>",
      "https://hooks.example.com/a|b",
      "https://hooks.example.com/%zz",
      "https://hooks.example.com/#a#b",
    ]) {
      assert.equal(isHttpUrl(bad, 512), false, JSON.stringify(bad));
    }
  });

  it("references and emails are ASCII: other scripts are refused whatever their length", () => {
    for (const script of ["שלום", "漢字𠮷", "😀"]) {
      assert.equal(isReference(script), false, script);
      assert.equal(isReference(`crm${script}`), false, script);
      assert.equal(isEmail(`${script}@acme.example.com`), false, script);
    }
  });

  it("references, URLs, 2FA modes and 0/1 flags", () => {
    assert.equal(isReference(""), true);
    assert.equal(isReference("Crm42"), true);
    assert.equal(isReference("crm_42"), false);
    assert.equal(isReference("קוד"), false);
    assert.equal(isHttpUrl("http://x.example.com", 512), true);
    assert.equal(isHttpUrl("https://x.example.com/a?b=c", 512), true);
    assert.equal(isHttpUrl("https://", 512), false);
    assert.equal(isHttpUrl("javascript:alert(1)", 512), false);
    assert.deepEqual([0, "1", 2, 3, "x"].map(parseTwoFactorMode), [0, 1, 2, undefined, undefined]);
    assert.deepEqual([0, 1, "0", "1", 2, true].map(parseBinary), [
      0,
      1,
      0,
      1,
      undefined,
      undefined,
    ]);
  });

  it("the fault PRNG is deterministic per seed", () => {
    const a = prng(5);
    const b = prng(5);
    const c = prng(6);
    const seq = (r: () => number) => Array.from({ length: 5 }, r);
    const first = seq(a);
    assert.deepEqual(seq(b), first);
    assert.notDeepEqual(seq(c), first);
    assert.ok(first.every((x) => x >= 0 && x < 1));
  });

  it("imports nothing from provider/", () => {
    const dir = path.resolve(__dirname, "..", "..", "simulator");
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" });
    const sources = files.filter((f) => f.endsWith(".ts"));
    assert.ok(sources.length > 5);
    for (const file of sources) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      assert.doesNotMatch(text, /from\s+["'][^"']*provider|require\(["'][^"']*provider/, file);
    }
  });
});
