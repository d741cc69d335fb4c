// Generates the provider plugin's package schema (provider/plugin/schema.json) from what already
// states each fact: the field tables (change, secret, default), the resources' public TypeScript
// types (value types, optional or required, descriptions from their doc comments), the read
// functions (arguments and results) and the config keys. Nothing in the schema is written by
// hand; tests/provider/plugin/schema.test.ts fails when the committed file drifts from this.
//   npx tsx scripts/plugin/schema.ts [--check]
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { configKeys, secretConfigKeys } from "../../provider/config";
import type { FieldRule } from "../../provider/resources/fields";
import { kinds } from "../../provider/resources/kinds";
import { reads } from "../../provider/functions/reads";
import { PACKAGE, tokenOf } from "../../provider/plugin/tokens";

const root = path.resolve(__dirname, "..", "..");
export const schemaPath = path.join(root, "provider", "plugin", "schema.json");

type Json = Record<string, unknown>;

/** A kind's folder under provider/resources: the one whose schema.ts declares its outputs. */
function folderOf(kind: string): string {
  const resources = path.join(root, "provider", "resources");
  const folder = fs
    .readdirSync(resources)
    .find((name) =>
      new RegExp(`export type ${kind}Outputs\\b`).test(
        fs.existsSync(path.join(resources, name, "schema.ts"))
          ? fs.readFileSync(path.join(resources, name, "schema.ts"), "utf8")
          : "",
      ),
    );
  if (!folder) throw new Error(`schema: no provider/resources/*/schema.ts declares ${kind}Outputs`);
  return folder;
}

function sourceFiles(): string[] {
  return [
    ...Object.keys(kinds).flatMap((kind) => {
      const dir = path.join(root, "provider", "resources", folderOf(kind));
      return [path.join(dir, "index.ts"), path.join(dir, "schema.ts")];
    }),
    path.join(root, "provider", "functions", "reads.ts"),
    path.join(root, "provider", "client", "options.ts"),
  ];
}

class TypeReader {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** Object types met on the way, by name: they become the schema's `types`. */
  readonly objectTypes = new Map<string, Json>();

  constructor(files: string[]) {
    this.program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      types: ["node"],
    });
    this.checker = this.program.getTypeChecker();
  }

  /** An exported type (or the type of an exported value) of `file`. */
  exported(file: string, name: string): ts.Type {
    const source = this.program.getSourceFile(file);
    if (!source) throw new Error(`schema: cannot read ${file}`);
    const symbol = this.checker
      .getExportsOfModule(this.checker.getSymbolAtLocation(source)!)
      .find((s) => s.name === name);
    if (!symbol) throw new Error(`schema: ${path.relative(root, file)} exports no ${name}`);
    const target =
      symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    return target.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Interface)
      ? this.checker.getDeclaredTypeOfSymbol(target)
      : this.checker.getTypeOfSymbol(target);
  }

  doc(symbol: ts.Symbol): string {
    return ts
      .displayPartsToString(symbol.getDocumentationComment(this.checker))
      .replace(/\s+/g, " ")
      .trim();
  }

  optional(symbol: ts.Symbol): boolean {
    return (symbol.flags & ts.SymbolFlags.Optional) !== 0;
  }

  /** A value type as the schema spells it. */
  schemaType(type: ts.Type): Json {
    const parts = (type.isUnion() ? type.types : [type]).filter(
      (t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)),
    );
    if (parts.length > 0 && parts.every((t) => t.flags & ts.TypeFlags.BooleanLike))
      return { type: "boolean" };
    if (parts.length > 0 && parts.every((t) => t.flags & ts.TypeFlags.StringLike))
      return { type: "string" };
    if (parts.length > 0 && parts.every((t) => t.flags & ts.TypeFlags.NumberLike))
      return { type: "number" };
    if (parts.length === 1 && this.checker.isArrayType(parts[0])) {
      const [item] = this.checker.getTypeArguments(parts[0] as ts.TypeReference);
      return { type: "array", items: this.schemaType(item) };
    }
    if (parts.length === 1 && parts[0].flags & ts.TypeFlags.Object) {
      const name = parts[0].getSymbol()?.name;
      if (!name || name.startsWith("__"))
        throw new Error(`schema: an anonymous object type has no name to refer to`);
      if (!this.objectTypes.has(name)) {
        this.objectTypes.set(name, {}); // placeholder: a type may refer to itself
        this.objectTypes.set(name, { type: "object", ...this.objectProperties(parts[0]) });
      }
      return { $ref: `#/types/${tokenOf(name)}` };
    }
    throw new Error(`schema: no schema type for ${this.checker.typeToString(type)}`);
  }

  /** properties and required of an object type. */
  objectProperties(type: ts.Type): { properties: Json; required: string[] } {
    const properties: Json = {};
    const required: string[] = [];
    for (const symbol of this.checker.getPropertiesOfType(type)) {
      const propertyType = this.checker.getTypeOfSymbol(symbol);
      properties[symbol.name] = withDescription(this.schemaType(propertyType), this.doc(symbol));
      if (!this.optional(symbol)) required.push(symbol.name);
    }
    return { properties, required };
  }
}

function withDescription(type: Json, description: string): Json {
  return description ? { ...type, description } : type;
}

/** The schema of one resource kind. */
function resourceSchema(
  reader: TypeReader,
  kind: string,
  fields: Record<string, FieldRule>,
  outputKeys: readonly string[],
): Json {
  const dir = path.join(root, "provider", "resources", folderOf(kind));
  const outputs = reader.exported(path.join(dir, "schema.ts"), `${kind}Outputs`);
  const args = reader.exported(path.join(dir, "index.ts"), `${kind}Args`);
  const variants = args.isUnion() ? args.types : [args];
  const property = (key: string): ts.Symbol => {
    const symbol = outputs.getProperty(key);
    if (!symbol) throw new Error(`schema: ${kind}Outputs has no ${key}`);
    return symbol;
  };
  // A field's doc comment may sit on the outputs' type or on one way of declaring it only.
  const docOf = (key: string): string =>
    [outputs, ...variants]
      .map((type) => type.getProperty(key))
      .map((symbol) => (symbol ? reader.doc(symbol) : ""))
      .find((doc) => doc !== "") ?? "";
  const describe = (key: string): Json => {
    const rule = fields[key] as FieldRule | undefined;
    const type = withDescription(
      reader.schemaType(reader.checker.getTypeOfSymbol(property(key))),
      docOf(key),
    );
    return {
      ...type,
      ...(rule?.default !== undefined && { default: rule.default }),
      ...(rule?.secret && { secret: true }),
    };
  };
  const inputKeys = Object.keys(fields).filter((key) => fields[key].internal !== true);
  const inputProperties = Object.fromEntries(inputKeys.map((key) => [key, describe(key)]));
  // Required: every way of declaring the resource (new or adopted) needs it, and it has no default.
  const requiredInputs = inputKeys.filter(
    (key) =>
      fields[key].default === undefined &&
      variants.every((variant) => {
        const symbol = variant.getProperty(key);
        return symbol !== undefined && !reader.optional(symbol);
      }),
  );
  const outputNames = [...inputKeys, ...outputKeys];
  const requiredOutputs = outputNames.filter(
    (key) => !reader.optional(property(key)) || fields[key]?.default !== undefined,
  );
  return {
    description: `See docs/${folderOf(kind)}.md.`,
    inputProperties,
    requiredInputs,
    properties: Object.fromEntries(outputNames.map((key) => [key, describe(key)])),
    required: requiredOutputs,
  };
}

/** The schema of one read function, from its parameters and result. */
function functionSchema(reader: TypeReader, name: string): Json {
  const readsType = reader.exported(path.join(root, "provider", "functions", "reads.ts"), "reads");
  const method = readsType.getProperty(name)!;
  const [signature] = reader.checker.getTypeOfSymbol(method).getCallSignatures();
  const argsParameter = signature.getParameters()[1];
  const result = reader.checker.getAwaitedType(signature.getReturnType())!;
  const outputs = reader.objectProperties(result);
  return {
    description: reader.doc(method) || undefined,
    ...(argsParameter && {
      inputs: { ...reader.objectProperties(reader.checker.getTypeOfSymbol(argsParameter)) },
    }),
    outputs: { ...outputs },
  };
}

function configSchema(reader: TypeReader): { variables: Json; defaults: string[] } {
  const options = reader.exported(
    path.join(root, "provider", "client", "options.ts"),
    "PartnersClientOptions",
  );
  const variables: Json = {};
  for (const key of Object.keys(configKeys) as Array<keyof typeof configKeys>) {
    const symbol = options.getProperty(key)!;
    const env = configKeys[key];
    const description = [reader.doc(symbol), env ? `Environment fallback: ${env}.` : ""]
      .filter(Boolean)
      .join(" ");
    variables[key] = {
      ...withDescription(reader.schemaType(reader.checker.getTypeOfSymbol(symbol)), description),
      ...(secretConfigKeys.includes(key) && { secret: true }),
    };
  }
  return { variables, defaults: [] };
}

export function generateSchema(): Json {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
    license: string;
  };
  const reader = new TypeReader(sourceFiles());
  const resources = Object.fromEntries(
    Object.entries(kinds).map(([kind, spec]) => [
      tokenOf(kind),
      resourceSchema(reader, kind, spec.fields as Record<string, FieldRule>, spec.outputKeys),
    ]),
  );
  const functions = Object.fromEntries(
    Object.keys(reads).map((name) => [tokenOf(name), functionSchema(reader, name)]),
  );
  const config = configSchema(reader);
  const types = Object.fromEntries(
    [...reader.objectTypes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, type]) => [tokenOf(name), type]),
  );
  return JSON.parse(
    JSON.stringify({
      name: PACKAGE,
      displayName: "99digital",
      version: pkg.version,
      description:
        "Customer accounts of 99digital partners, and the rest of a partner's estate, as code.",
      keywords: ["pulumi", "99digital", "category/utility", "kind/native"],
      license: pkg.license,
      config: { variables: config.variables },
      provider: { inputProperties: config.variables },
      types,
      resources,
      functions,
      language: {
        nodejs: {
          respectSchemaVersion: true,
          packageName: "@pulumi-99digital/digital99",
          dependencies: { "@pulumi/pulumi": "^3.0.0" },
        },
        python: {
          respectSchemaVersion: true,
          packageName: "pulumi_digital99",
          requires: { pulumi: ">=3.0.0,<4.0.0" },
        },
        go: {
          respectSchemaVersion: true,
          importBasePath: "github.com/pulumi-99digital/digital99/sdk/go/digital99",
          generateResourceContainerTypes: true,
        },
        csharp: {
          respectSchemaVersion: true,
          rootNamespace: "Pulumi99Digital",
          packageReferences: { Pulumi: "3.*" },
        },
      },
    }),
  ) as Json;
}

export function schemaText(): string {
  return `${JSON.stringify(generateSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const text = schemaText();
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(schemaPath) ? fs.readFileSync(schemaPath, "utf8") : "";
    if (committed !== text) {
      console.error(
        `${path.relative(root, schemaPath)} is out of date: run npx tsx scripts/plugin/schema.ts`,
      );
      process.exit(1);
    }
  } else {
    fs.writeFileSync(schemaPath, text);
    console.log(`wrote ${path.relative(root, schemaPath)}`);
  }
}
