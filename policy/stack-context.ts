// The stack a preview or update is about: its name, and its config with the
// keys that are secret. The engine sends them to the policy pack in its
// ConfigureStack call, but @pulumi/policy (1.21) keeps only the stack's tags,
// so this module records the call itself, by wrapping the implementation
// @pulumi/policy registers with its gRPC server. It must be loaded before the
// PolicyPack is constructed. Engines that start packs the older way pass the
// same facts as environment variables (PULUMI_STACK, PULUMI_CONFIG), which
// serve when no call came.
import { createRequire } from "node:module";

export interface StackContext {
  stack: string;
  /** Decrypted config values by `namespace:key`. */
  config: Record<string, string>;
  /** Keys of `config` that the stack stores encrypted; undefined when the engine did not say. */
  secretKeys?: string[];
}

interface ConfigureStackRequest {
  toObject(): {
    stack: string;
    configMap: [string, string][];
    configSecretKeysList?: string[];
  };
}
type Handler = (call: { request: ConfigureStackRequest }, callback: unknown) => void;
interface GrpcServer {
  addService: (this: GrpcServer, service: unknown, implementation: Record<string, Handler>) => void;
}

let received: StackContext | undefined;

export function stackContext(): StackContext {
  if (received) return received;
  let config: Record<string, string> = {};
  try {
    config = JSON.parse(process.env.PULUMI_CONFIG ?? "{}") as Record<string, string>;
  } catch {
    // no config to read
  }
  return { stack: process.env.PULUMI_STACK ?? process.env.PULUMI_NODEJS_STACK ?? "", config };
}

function record(request: ConfigureStackRequest): void {
  const r = request.toObject();
  received = {
    stack: r.stack,
    config: Object.fromEntries(r.configMap),
    ...(r.configSecretKeysList && { secretKeys: r.configSecretKeysList }),
  };
}

// The gRPC module @pulumi/policy itself loads.
const policyRequire = createRequire(require.resolve("@pulumi/policy"));
const grpc = policyRequire("@grpc/grpc-js") as { Server: { prototype: GrpcServer } };
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (this: GrpcServer, service, implementation) {
  const configureStack = implementation.configureStack;
  if (configureStack) {
    implementation = {
      ...implementation,
      configureStack: (call, callback) => {
        try {
          record(call.request);
        } catch {
          // an engine or SDK that sends another shape: the environment serves
        }
        configureStack(call, callback);
      },
    };
  }
  addService.call(this, service, implementation);
};
