// pulumi-resource-digital99: the entry the engine starts. It tells @pulumi/pulumi where the
// engine is before loading it (so that warnings reach `pulumi up` as the dynamic resources' do),
// then serves PluginProvider over gRPC with Pulumi's own provider server.
import * as fs from "node:fs";
import * as path from "node:path";

/** The engine's address: the first argument that is neither a flag nor a flag's value. */
function engineAddressIn(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing")
      i++; // `--tracing <endpoint>`: the endpoint is no address
    else if (!args[i].startsWith("-")) return args[i];
  }
  return undefined;
}

const engineAddress = engineAddressIn(process.argv.slice(2));
if (engineAddress && !process.env.PULUMI_NODEJS_ENGINE) {
  process.env.PULUMI_NODEJS_ENGINE = engineAddress;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
const { interceptConfigure } = require("./configure") as typeof import("./configure");
const { PluginProvider } = require("./provider") as typeof import("./provider");
const { ProviderRuntime } = require("../runtime") as typeof import("../runtime");
const { warnUser } = require("../host") as typeof import("../host");
/* eslint-enable @typescript-eslint/no-require-imports */

const schema = fs.readFileSync(path.join(__dirname, "schema.json"), "utf8");
const version = (JSON.parse(schema) as { version: string }).version;
const provider = new PluginProvider(new ProviderRuntime({ warn: warnUser }), version, schema);
const intercepting = interceptConfigure((lookup) => provider.configure(lookup));
void main(provider, process.argv.slice(2)).then(() => {
  if (!intercepting()) {
    console.error(
      "pulumi-resource-digital99: this @pulumi/pulumi's provider server registered no Configure " +
        "handler the plugin could read digital99:* config from; only the DIGITAL99_* environment " +
        "variables will be used",
    );
  }
});
