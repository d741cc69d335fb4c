// Level 2 for Builder: the provider's methods against a simulator on 127.0.0.1.
import assert from "node:assert/strict";
import { PartnersClient, PartnersApiError } from "../../../provider/client";
import { BuilderProvider } from "../../../provider/resources/builder/provider";
import type { BuilderOutputs } from "../../../provider/resources/builder/schema";
import { unknownValue } from "../../../provider/resources/fields";
import { startProviderFixture, type ProviderFixture } from "./fixtures";

describe("Builder provider against the simulator", () => {
  let f: ProviderFixture;
  let provider: BuilderProvider;
  let client: PartnersClient;
  beforeEach(async () => {
    f = await startProviderFixture();
    provider = new BuilderProvider(f.runtime);
    client = new PartnersClient({
      apiUrl: f.sim.url,
      clientId: f.sim.clientId,
      clientSecret: f.sim.clientSecret,
    });
  });
  afterEach(async () => {
    await client.close();
    await f.close();
  });

  /** Checked inputs of a new builder. */
  async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    const result = await provider.check(olds, { resourceKey: "keyA", ...news });
    assert.deepEqual(result.failures, []);
    return result.inputs!;
  }

  async function created(news: Record<string, unknown> = { clientName: "Acme Inc" }) {
    const inputs = await checked(news);
    const { id, outs } = await provider.create(inputs);
    return { id, outs: outs as BuilderOutputs, inputs };
  }

  describe("check", () => {
    it("applies the defaults: deletion protection is on", async () => {
      const inputs = await checked({ clientName: "Acme Inc" });
      assert.equal(inputs.deletionProtection, true);
      assert.equal(inputs.reference, undefined, "no reference is derived");
    });

    it("returns one failure per bad field, each naming its field and rule", async () => {
      const { failures } = await provider.check(
        {},
        {
          clientName: "   ",
          reference: "not valid!",
          deletionProtection: "yes",
          colour: "blue",
        },
      );
      assert.deepEqual(failures?.map((x) => x.property).sort(), [
        "clientName",
        "colour",
        "deletionProtection",
        "reference",
      ]);
      for (const failure of failures ?? [])
        assert.match(failure.reason, new RegExp(failure.property));
      assert.match(
        failures?.find((x) => x.property === "clientName")?.reason ?? "",
        /at most 100 characters/,
      );
    });

    it("requires clientName, and skips values not known yet", async () => {
      const missing = await provider.check({}, {});
      assert.deepEqual(
        missing.failures?.map((x) => x.property),
        ["clientName"],
      );
      const unknown = await provider.check({}, { clientName: unknownValue });
      assert.deepEqual(unknown.failures, []);
    });

    it("stops a replacement at preview while the state says the builder is protected", async () => {
      const olds = await checked({ clientName: "Acme Inc" });
      const { failures } = await provider.check(olds, { ...olds, clientName: "Acme Ltd" });
      assert.deepEqual(
        failures?.map((x) => x.property),
        ["clientName"],
      );
      assert.match(
        failures?.[0].reason ?? "",
        /would replace the builder.*workflows, connections and webhooks.*first apply deletionProtection: false on its own/s,
      );
      // Turning protection off in the same change does not help: the state decides.
      const both = await provider.check(olds, {
        ...olds,
        clientName: "Acme Ltd",
        deletionProtection: false,
      });
      assert.equal(both.failures?.length, 1);
      const unprotected = await provider.check(
        { ...olds, deletionProtection: false },
        { ...olds, clientName: "Acme Ltd", deletionProtection: false },
      );
      assert.deepEqual(unprotected.failures, []);
    });
  });

  describe("diff", () => {
    it("finds no change, replaces on a new clientName (deleting first) and updates protection in state", async () => {
      const { id, outs, inputs } = await created();
      assert.equal((await provider.diff(id, outs, inputs)).changes, false);
      const renamed = await provider.diff(id, outs, { ...inputs, clientName: "Acme Ltd" });
      assert.deepEqual(
        {
          changes: renamed.changes,
          replaces: renamed.replaces,
          deleteBeforeReplace: renamed.deleteBeforeReplace,
        },
        { changes: true, replaces: ["clientName"], deleteBeforeReplace: true },
      );
      const unprotect = await provider.diff(id, outs, { ...inputs, deletionProtection: false });
      assert.deepEqual(
        { changes: unprotect.changes, replaces: unprotect.replaces },
        { changes: true, replaces: [] },
      );
    });

    it("ignores a new reference with a warning: it only applies at creation", async () => {
      const { id, outs, inputs } = await created({ clientName: "Acme Inc", reference: "crm1" });
      const d = await provider.diff(id, outs, { ...inputs, reference: "crm2" });
      assert.equal(d.changes, false);
      assert.match(f.warnings.join("\n"), /reference only applies when the builder is created/);
    });
  });

  describe("create", () => {
    it("lists the builders once, creates one and returns its id and url", async () => {
      f.sim.resetRequestCounts();
      const { id, outs } = await created({ clientName: "Acme Inc", reference: "crm7" });
      const [builder] = f.sim.builders();
      assert.equal(f.sim.builders().length, 1);
      assert.equal(id, String(builder.builderId));
      assert.deepEqual(
        { builderId: outs.builderId, url: outs.url, clientName: outs.clientName },
        { builderId: id, url: builder.url, clientName: "Acme Inc" },
      );
      assert.equal(builder.reference, "crm7");
      assert.equal(f.sim.requestCount("builder/createBuilder"), 1);
      assert.equal(f.sim.requestCount("builder/getBuilders"), 1);
      assert.equal(f.sim.requestCount(), 3, "token, getBuilders, createBuilder: nothing else");
    });

    it("sends no reference when the program gives none", async () => {
      await created();
      assert.equal(f.sim.builders()[0].reference, "");
    });

    it("warns of a recent same-name builder it does not know, and still creates its own", async () => {
      await client.builder.createBuilder({ clientName: "Acme Inc" });
      const { id } = await created();
      assert.equal(f.sim.builders().length, 2);
      assert.match(
        f.warnings.join("\n"),
        /builder \d+ with this client name was created in the last 24 hours.*existingBuilder/,
      );
      assert.ok(!f.warnings.join("\n").includes(`builder ${id} `));
    });

    it("a refusal by the API creates nothing and names the field", async () => {
      const inputs = await checked({ clientName: "Acme Inc" });
      f.sim.injectFault({
        endpoint: "builder/createBuilder",
        fault: { type: "status", status: 200, body: "json" },
      });
      await assert.rejects(provider.create({ ...inputs }), /builder\/createBuilder/);
      assert.equal(f.sim.builders().length, 0);
    });
  });

  describe("read", () => {
    it("shares one getBuilders among the reads of a run", async () => {
      const a = await created({ clientName: "A" });
      const b = await created({ clientName: "B" });
      f.sim.resetRequestCounts();
      const [ra, rb] = await Promise.all([
        provider.read(a.id, a.outs),
        provider.read(b.id, b.outs),
      ]);
      assert.equal(ra.id, a.id);
      assert.equal(rb.id, b.id);
      assert.equal(f.sim.requestCount("builder/getBuilders"), 1);
      assert.deepEqual(f.warnings, []);
    });

    it("drops a builder deleted out of band from state, with a warning", async () => {
      const { id, outs } = await created();
      await client.builder.deleteBuilder({ builderId: id });
      const read = await provider.read(id, outs);
      assert.equal(read.id, "");
      assert.match(
        f.warnings.join("\n"),
        new RegExp(`Builder ${id} \\("Acme Inc"\\) no longer exists`),
      );
    });

    it("reports a client name that differs from state, and returns it as the input", async () => {
      const { id, outs } = await created();
      // No API renames a builder; a state that says otherwise stands for a change made in
      // 99digital's own UI.
      const read = await provider.read(id, {
        ...outs,
        clientName: "Old Name",
        url: "https://x.example",
      });
      assert.equal(read.props?.clientName, "Acme Inc");
      assert.equal(read.inputs?.clientName, "Acme Inc");
      assert.equal(read.props?.url, outs.url);
      assert.equal(read.inputs?.deletionProtection, true);
      assert.equal((read.inputs as Record<string, unknown>).url, undefined, "url is no input");
      assert.match(
        f.warnings.join("\n"),
        /was changed outside Pulumi: clientName is "Acme Inc" \(state had "Old Name"\), url is .*Put the new clientName in the program/,
      );
    });
  });

  describe("update", () => {
    it("turns protection off in state only, keeping the builder's id and url", async () => {
      const { id, outs, inputs } = await created();
      f.sim.resetRequestCounts();
      const { outs: updated } = await provider.update(id, outs, {
        ...inputs,
        deletionProtection: false,
      });
      assert.equal(f.sim.requestCount(), 0);
      assert.deepEqual(
        { p: updated?.deletionProtection, id: updated?.builderId, url: updated?.url },
        { p: false, id: outs.builderId, url: outs.url },
      );
    });
  });

  describe("delete", () => {
    it("refuses while deletionProtection is on, and the builder stays", async () => {
      const { id, outs } = await created();
      await assert.rejects(
        provider.delete(id, outs),
        /protected by deletionProtection.*workflows, connections and webhooks.*set deletionProtection: false/s,
      );
      assert.equal(f.sim.builders().length, 1);
      assert.equal(f.sim.requestCount("builder/deleteBuilder"), 0);
    });

    it("deletes once protection is off", async () => {
      const { id, outs } = await created();
      await provider.delete(id, { ...outs, deletionProtection: false });
      assert.equal(f.sim.builders().length, 0);
    });

    it("counts a builder already gone as deleted, after getBuilders confirms it", async () => {
      const { id, outs } = await created();
      await client.builder.deleteBuilder({ builderId: id });
      f.sim.resetRequestCounts();
      await provider.delete(id, { ...outs, deletionProtection: false });
      assert.equal(f.sim.requestCount("builder/getBuilders"), 1);
    });

    it("a delete whose answer was lost, retried into reason 29, counts as deleted", async () => {
      const { id, outs } = await created();
      f.sim.injectFault({
        endpoint: "builder/deleteBuilder",
        fault: { type: "drop-after-commit" },
      });
      await provider.delete(id, { ...outs, deletionProtection: false });
      assert.equal(f.sim.builders().length, 0);
      assert.equal(f.sim.requestCount("builder/deleteBuilder"), 2, "the retry met reason 29");
    });

    it("another refusal of the delete is an error, and the builder stays", async () => {
      const { id, outs } = await created();
      f.sim.injectFault({
        endpoint: "builder/deleteBuilder",
        fault: { type: "status", status: 500, body: "json" },
        times: Infinity,
      });
      await assert.rejects(
        provider.delete(id, { ...outs, deletionProtection: false }),
        (error: unknown) =>
          error instanceof PartnersApiError &&
          error.endpoint === "builder/deleteBuilder" &&
          error.reason === 500,
      );
      assert.equal(f.sim.builders().length, 1);
    });
  });
});
