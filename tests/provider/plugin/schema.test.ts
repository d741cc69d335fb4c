// The package schema is generated, never edited: the committed file must be what the generator
// makes of today's field tables, types and functions, and what it says must agree with them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { secretFields, type FieldRule, type FieldTable } from "../../../provider/resources/fields";
import { kinds } from "../../../provider/resources/kinds";
import { reads } from "../../../provider/functions/reads";
import { configKeys, secretConfigKeys } from "../../../provider/config";
import { tokenOf } from "../../../provider/plugin/tokens";
import { schemaPath, schemaText } from "../../../scripts/plugin/schema";

interface PropertySpec {
  type?: string;
  $ref?: string;
  description?: string;
  secret?: boolean;
  default?: unknown;
}
interface ResourceSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}
interface Schema {
  name: string;
  version: string;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, unknown>;
  types: Record<string, unknown>;
  config: { variables: Record<string, PropertySpec> };
}

describe("the plugin's package schema", function () {
  this.timeout(60_000);
  let generated: string;
  let schema: Schema;

  before(() => {
    generated = schemaText();
    schema = JSON.parse(generated) as Schema;
  });

  it("is the committed provider/plugin/schema.json (regenerate with npm run schema)", () => {
    assert.equal(
      fs.readFileSync(schemaPath, "utf8"),
      generated,
      "provider/plugin/schema.json is out of date: run npm run schema",
    );
  });

  it("is package digital99 at the package's version", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    assert.equal(schema.name, "digital99");
    assert.equal(schema.version, pkg.version);
  });

  it("has every kind, with every input of its field table but the internal ones, as the table says", () => {
    assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(kinds).map(tokenOf).sort());
    for (const [kind, spec] of Object.entries(kinds)) {
      const resource = schema.resources[tokenOf(kind)];
      const table = spec.fields as Record<string, FieldRule>;
      const inputs = Object.keys(table).filter((key) => table[key].internal !== true);
      assert.deepEqual(Object.keys(resource.inputProperties).sort(), [...inputs].sort(), kind);
      for (const key of inputs) {
        const property = resource.inputProperties[key];
        assert.ok(property.type ?? property.$ref, `${kind}.${key} has a type`);
        assert.ok(property.description, `${kind}.${key} has a description`);
        assert.equal(
          property.secret === true,
          table[key].secret === true,
          `${kind}.${key} secrecy`,
        );
        assert.equal(property.default, table[key].default, `${kind}.${key} default`);
        assert.equal(resource.properties[key]?.secret === true, table[key].secret === true);
      }
      for (const key of spec.outputKeys)
        assert.ok(resource.properties[key], `${kind} outputs ${key}`);
      for (const key of resource.requiredInputs) {
        assert.equal(table[key].default, undefined, `${kind}.${key}: required yet defaulted`);
      }
      assert.deepEqual(
        secretFields(spec.fields as FieldTable<unknown>).sort(),
        inputs.filter((k) => resource.inputProperties[k].secret).sort(),
      );
    }
  });

  it("requires what every way of declaring a resource needs, and no more", () => {
    assert.deepEqual(schema.resources[tokenOf("OnlineAccount")].requiredInputs, ["accountName"]);
    assert.deepEqual(schema.resources[tokenOf("Builder")].requiredInputs, ["clientName"]);
    assert.deepEqual(schema.resources[tokenOf("WhatsAppInbox")].requiredInputs.sort(), [
      "inboxName",
      "whatsappNumber",
    ]);
    assert.deepEqual(schema.resources[tokenOf("PartnerWebhook")].requiredInputs, ["url"]);
    assert.equal(schema.resources[tokenOf("OnlineAccount")].inputProperties.agents.type, "number");
    assert.equal(
      schema.resources[tokenOf("OnlineAccount")].inputProperties.deletionProtection.type,
      "boolean",
    );
  });

  it("has every read function, and every type they refer to", () => {
    assert.deepEqual(Object.keys(schema.functions).sort(), Object.keys(reads).map(tokenOf).sort());
    const refs = [...generated.matchAll(/"\$ref": "#\/types\/([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.ok(schema.types[ref], `type ${ref} is declared`);
  });

  it("has every config key, the credentials secret", () => {
    assert.deepEqual(Object.keys(schema.config.variables).sort(), Object.keys(configKeys).sort());
    for (const [key, variable] of Object.entries(schema.config.variables)) {
      assert.equal(
        variable.secret === true,
        (secretConfigKeys as readonly string[]).includes(key),
        key,
      );
    }
  });
});
