// Stack config for plugin users. The engine sends `digital99:*` config in the Configure call, but
// the provider server of @pulumi/pulumi answers Configure itself and drops the request
// (pulumi/pulumi#10915), so a `Provider` never sees it. The plugin therefore wraps the server's
// Configure handler as it is registered with gRPC: the request is read, then the server's own
// answer goes out unchanged. This depends on the server's shape, so it is held to the version it
// was verified with (VERIFIED_WITH, tested) and fails loudly, never silently, on another shape.
import * as path from "node:path";
import type { ConfigLookup } from "../config";
import { PACKAGE } from "./tokens";
import { reveal } from "./secrets";

/** The @pulumi/pulumi release whose provider server this wrapping was verified against. */
export const VERIFIED_WITH = "3.276.0";

interface ConfigureRequestLike {
  getVariablesMap(): { toArray(): Array<[string, string]> };
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Handler = (call: { request: ConfigureRequestLike }, callback: unknown) => unknown;

/** The config a Configure request carries, by full key (`digital99:clientId`). */
export function lookupFromRequest(request: ConfigureRequestLike): ConfigLookup {
  const values = new Map<string, string>();
  for (const [key, value] of request.getVariablesMap().toArray()) {
    // The engine names variables `<package>:config:<key>`; older ones `<package>:<key>`.
    const short = key.replace(`${PACKAGE}:config:`, `${PACKAGE}:`);
    values.set(short, value);
  }
  // The args hold the same values as typed JSON, secrets wrapped: they win over variables.
  for (const [key, value] of Object.entries(reveal(request.getArgs()?.toJavaScript() ?? {}))) {
    if (value === null || value === undefined) continue;
    values.set(`${PACKAGE}:${key}`, typeof value === "string" ? value : JSON.stringify(value));
  }
  return (fullKey) => values.get(fullKey);
}

function pulumiRequire(id: string): unknown {
  const root = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(id, { paths: [root] }));
}

/**
 * Makes every Configure call of the provider server that `main()` starts reach `onConfigure`
 * first. Call before `main()`; once `main()` has started the server, the returned function says
 * whether the server's Configure handler was found and wrapped.
 */
export function interceptConfigure(onConfigure: (lookup: ConfigLookup) => void): () => boolean {
  let wrapped = false;
  const grpc = pulumiRequire("@grpc/grpc-js") as {
    Server: {
      prototype: {
        addService: (this: unknown, service: unknown, impl: Record<string, unknown>) => void;
      };
    };
  };
  const service = (
    pulumiRequire("@pulumi/pulumi/proto/provider_grpc_pb") as { ResourceProviderService: unknown }
  ).ResourceProviderService;
  const prototype = grpc.Server.prototype;
  const addService = prototype.addService;
  prototype.addService = function (this: unknown, svc: unknown, impl: Record<string, unknown>) {
    if (svc === service) {
      const configure = impl.configure as Handler | undefined;
      if (typeof configure !== "function") {
        throw new Error(
          `pulumi-resource-${PACKAGE}: the provider server of this @pulumi/pulumi has no ` +
            `Configure handler to read digital99:* config from (verified with ${VERIFIED_WITH}); ` +
            `set the DIGITAL99_* environment variables instead`,
        );
      }
      impl.configure = (call: { request: ConfigureRequestLike }, callback: unknown) => {
        try {
          onConfigure(lookupFromRequest(call.request));
        } catch (error) {
          // Answer the engine with the failure rather than never.
          (callback as (error: unknown) => void)(error);
          return undefined;
        }
        return configure.call(impl, call, callback);
      };
      wrapped = true;
    }
    addService.call(this, svc, impl);
  };
  return () => wrapped;
}
