// Mocha's settings for every run (scripts/test.js and a direct `npx mocha`).
// In CI a pending or `.only` test fails the run: a test that did not run must
// not count as green. Locally a missing engine still skips, loudly.
"use strict";

const ci = !["", "0", "false"].includes((process.env.CI ?? "").trim().toLowerCase());

module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  timeout: 20000,
  exit: true,
  "forbid-pending": ci,
  "forbid-only": ci,
};
