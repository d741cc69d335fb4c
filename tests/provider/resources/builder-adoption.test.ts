// Builder adoption (existingBuilder): an existing builder is taken over without a create call; a
// malformed, missing or claimed id, or a name that is not the builder's, fails at preview.
import assert from "node:assert/strict";
import { PartnersClient } from "../../../provider/client";
import { BuilderProvider } from "../../../provider/resources/builder/provider";
import { startProviderFixture, type ProviderFixture } from "./fixtures";

describe("Builder adoption (existingBuilder)", () => {
  let f: ProviderFixture;
  let provider: BuilderProvider;
  let client: PartnersClient;
  let existingId: string;
  beforeEach(async () => {
    f = await startProviderFixture();
    provider = new BuilderProvider(f.runtime);
    client = new PartnersClient({
      apiUrl: f.sim.url,
      clientId: f.sim.clientId,
      clientSecret: f.sim.clientSecret,
    });
    existingId = (await client.builder.createBuilder({ clientName: "Acme Inc", reference: "crm1" }))
      .builderId;
  });
  afterEach(async () => {
    await client.close();
    await f.close();
  });

  const adopting = (id: string, extra: Record<string, unknown> = {}) => ({
    existingBuilder: id,
    clientName: "Acme Inc",
    resourceKey: "keyA",
    ...extra,
  });

  it("takes the builder into state without creating one", async () => {
    const { inputs, failures } = await provider.check({}, adopting(existingId));
    assert.deepEqual(failures, []);
    f.sim.resetRequestCounts();
    const { id, outs: created } = await provider.create(inputs!);
    const outs = created!;
    assert.equal(id, existingId);
    assert.equal(f.sim.requestCount("builder/createBuilder"), 0);
    assert.equal(f.sim.builders().length, 1);
    assert.equal(outs.url, f.sim.builders()[0].url);
    assert.equal(outs.builderId, existingId);
    assert.equal(outs.deletionProtection, true);
  });

  it("fails at preview for an id in the wrong form, naming the form", async () => {
    const { failures } = await provider.check({}, adopting("b-12"));
    assert.deepEqual(
      failures?.map((x) => x.property),
      ["existingBuilder"],
    );
    assert.match(
      failures?.[0].reason ?? "",
      /existingBuilder must be a builder id: 1 to 20 digits/,
    );
  });

  it("fails at preview for a builder that does not exist", async () => {
    const { failures } = await provider.check({}, adopting("999"));
    assert.equal(failures?.[0].property, "existingBuilder");
    assert.match(failures?.[0].reason ?? "", /no builder 999 under this partner/);
  });

  it("fails when another resource of the run already claims the builder", async () => {
    assert.deepEqual((await provider.check({}, adopting(existingId))).failures, []);
    assert.deepEqual(
      (await provider.check({}, adopting(existingId))).failures,
      [],
      "the same resource checked again (preview, then up) is no conflict",
    );
    const other = await provider.check({}, adopting(existingId, { resourceKey: "keyB" }));
    assert.match(other.failures?.[0].reason ?? "", /already managed by another resource/);
    await assert.rejects(
      provider.create({ ...adopting(existingId, { resourceKey: "keyB" }) } as never),
      /already managed by another resource/,
    );
  });

  it("fails when a resource that manages the builder was diffed earlier in the run", async () => {
    // The builder is in state under another resource (keyM); the run diffs it first.
    const managed = {
      clientName: "Acme Inc",
      deletionProtection: true,
      resourceKey: "keyM",
      builderId: existingId,
      url: f.sim.builders()[0].url,
    };
    await provider.diff(existingId, managed, managed);
    const { failures } = await provider.check({}, adopting(existingId));
    assert.match(failures?.[0].reason ?? "", /already managed by another resource/);
  });

  it("fails at preview when clientName is not the builder's name (it would replace it)", async () => {
    const { failures } = await provider.check({}, adopting(existingId, { clientName: "Other" }));
    assert.deepEqual(
      failures?.map((x) => x.property),
      ["clientName"],
    );
    assert.match(failures?.[0].reason ?? "", /adopted builder's name "Acme Inc"/);
  });

  it("refuses a reference with existingBuilder: no API lists or sets it", async () => {
    const { failures } = await provider.check({}, adopting(existingId, { reference: "crm1" }));
    assert.deepEqual(
      failures?.map((x) => x.property),
      ["reference"],
    );
  });

  it("finds a builder made after the run's shared listing was taken", async () => {
    // A refresh earlier in the run listed the builders; this one came after.
    assert.equal(
      (await provider.read(existingId, { builderId: existingId } as never)).id,
      existingId,
    );
    const later = await client.builder.createBuilder({ clientName: "Later Ltd" });
    const { failures } = await provider.check(
      {},
      adopting(later.builderId, { clientName: "Later Ltd" }),
    );
    assert.deepEqual(failures, []);
  });

  it("a later change of existingBuilder is a warning, never a replacement", async () => {
    const { inputs } = await provider.check({}, adopting(existingId));
    const { id, outs: created } = await provider.create(inputs!);
    const outs = created!;
    const d = await provider.diff(id, outs, { ...outs, existingBuilder: "77" });
    assert.equal(d.changes, false);
    assert.match(f.warnings.join("\n"), /existingBuilder only applies when the builder is created/);
  });
});
