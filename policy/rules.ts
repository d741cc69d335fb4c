// The guardrails' logic, kept free of the policy runtime so each rule reads
// as one function from what a resource declares to the violations it makes.
// index.ts binds these to @pulumi/policy with their configuration schemas.

/** The resource kinds of pulumi-99digital, as the engine records their types. */
export const kinds = [
  "OnlineAccount",
  "Builder",
  "WhatsAppInbox",
  "PartnerWebhook",
  "PartnerOnboarding",
] as const;
export type Kind = (typeof kinds)[number];

const typePrefix = "pulumi-nodejs:dynamic/99digital:";

export function typeOf(kind: Kind): string {
  return typePrefix + kind;
}

export function kindOf(type: string): Kind | undefined {
  if (!type.startsWith(typePrefix)) return undefined;
  const kind = type.slice(typePrefix.length);
  return (kinds as readonly string[]).includes(kind) ? (kind as Kind) : undefined;
}

/** What a rule sees of one resource. */
export interface DeclaredResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** Resources each input was computed from (stack rules only). */
  propertyDependencies?: Record<string, readonly unknown[]>;
}

export interface Violation {
  message: string;
  urn?: string;
}

/** The server an account lives on when the program names none (the API's default). */
export const DEFAULT_SERVER = "online";

// --- deletion protection in production -------------------------------------

export interface ProtectionConfig {
  /** Stack names held to the rule. */
  productionStacks: string[];
  /** Kinds whose deletion loses customer data. */
  protectedKinds: string[];
}

export const protectionDefaults: ProtectionConfig = {
  productionStacks: ["production", "prod"],
  protectedKinds: ["OnlineAccount", "Builder", "WhatsAppInbox"],
};

export function deletionProtection(
  resource: DeclaredResource,
  config: ProtectionConfig,
  stack: string,
): Violation[] {
  const kind = kindOf(resource.type);
  if (!kind || !config.protectedKinds.includes(kind)) return [];
  if (!config.productionStacks.includes(stack)) return [];
  // Absent means the resource's default, which is on.
  if (resource.props.deletionProtection !== false) return [];
  return [
    {
      message:
        `${kind} "${resource.name}" turns deletionProtection off in the production stack ` +
        `"${stack}": deleting or replacing it would delete the customer's data. Keep it on ` +
        `in production; turn it off in one reviewed change only to delete on purpose.`,
    },
  ];
}

// --- allowed servers -------------------------------------------------------

export interface ServersConfig {
  servers: string[];
}

export const serversDefaults: ServersConfig = { servers: [DEFAULT_SERVER] };

export function allowedServers(resource: DeclaredResource, config: ServersConfig): Violation[] {
  const kind = kindOf(resource.type);
  if (kind !== "OnlineAccount" && kind !== "WhatsAppInbox") return [];
  const servers = new Set<string>();
  const server = resource.props.server;
  if (typeof server === "string" && server !== "") servers.add(server);
  const claimed = accountClaim(resource.props.existingAccount);
  if (claimed) servers.add(claimed.split("/")[0]);
  if (servers.size === 0) servers.add(DEFAULT_SERVER);
  return [...servers]
    .filter((s) => !isUnknown(s) && !config.servers.includes(s))
    .map((s) => ({
      message:
        `${kind} "${resource.name}" is on server "${s}", which is not an allowed server ` +
        `(${config.servers.join(", ")})`,
    }));
}

// --- quotas ----------------------------------------------------------------

export interface QuotaConfig {
  minAgents: number;
  maxAgents: number;
  minInboxes: number;
  maxInboxes: number;
  /** When given, an account's (agents, inboxes) must be one of these plans. */
  plans?: Record<string, { agents: number; inboxes: number }>;
}

export const quotaDefaults: QuotaConfig = {
  minAgents: 1,
  maxAgents: 50,
  minInboxes: 1,
  maxInboxes: 10,
};

export function quotas(resource: DeclaredResource, config: QuotaConfig): Violation[] {
  if (kindOf(resource.type) !== "OnlineAccount") return [];
  const { agents, inboxes } = resource.props;
  const violations: Violation[] = [];
  const bound = (field: string, value: unknown, min: number, max: number) => {
    if (typeof value === "number" && (value < min || value > max)) {
      violations.push({
        message: `OnlineAccount "${resource.name}": ${field} is ${value}, outside the allowed ${min}-${max}`,
      });
    }
  };
  bound("agents", agents, config.minAgents, config.maxAgents);
  bound("inboxes", inboxes, config.minInboxes, config.maxInboxes);
  if (config.plans && typeof agents === "number" && typeof inboxes === "number") {
    const plans = Object.entries(config.plans);
    if (!plans.some(([, plan]) => plan.agents === agents && plan.inboxes === inboxes)) {
      violations.push({
        message:
          `OnlineAccount "${resource.name}": ${agents} agents and ${inboxes} inboxes match no ` +
          `plan (${plans.map(([name, p]) => `${name}: ${p.agents}/${p.inboxes}`).join(", ")})`,
      });
    }
  }
  return violations;
}

// --- admin passwords from secrets -----------------------------------------

export interface PasswordConfig {
  /** Config keys (`project:key`) the password may come from; empty means any secret key. */
  configKeys: string[];
}

export const passwordDefaults: PasswordConfig = { configKeys: [] };

/** What the engine told the policy pack about the stack's config. */
export interface StackConfig {
  /** Decrypted values by `namespace:key`. */
  config: Record<string, string>;
  /** The keys stored encrypted; undefined when the engine did not say. */
  secretKeys?: string[];
}

/**
 * Rules see decrypted values, and OnlineAccount marks every adminPassword
 * secret before the engine sees it, so the value alone cannot tell a secret
 * from a literal. Its origin can: a value computed from another resource (a
 * generated password) has a property dependency; a value from the stack's
 * secret config equals that config entry; anything else was written in the
 * program, or kept in plain config.
 */
export function adminPasswordFromSecret(
  resource: DeclaredResource,
  config: PasswordConfig,
  stack: StackConfig,
): Violation[] {
  if (kindOf(resource.type) !== "OnlineAccount") return [];
  const password = resource.props.adminPassword;
  if (typeof password !== "string" || isUnknown(password)) return [];
  if ((resource.propertyDependencies?.adminPassword ?? []).length > 0) return [];
  // Without the stack's config nothing can be compared: say nothing rather than guess.
  if (Object.keys(stack.config).length === 0) return [];
  const keys = Object.entries(stack.config)
    .filter(([, value]) => value === password)
    .map(([key]) => key)
    .filter((key) => config.configKeys.length === 0 || config.configKeys.includes(key));
  const secret = keys.filter((key) => stack.secretKeys?.includes(key) ?? true);
  if (secret.length > 0) return [];
  const where =
    keys.length > 0
      ? `comes from ${keys.join(", ")}, which the stack keeps in plain text`
      : "is written in the program (it is neither a stack config value" +
        (config.configKeys.length ? ` of ${config.configKeys.join(", ")}` : "") +
        " nor another resource's output)";
  return [
    {
      urn: resource.urn,
      message:
        `OnlineAccount "${resource.name}": adminPassword ${where}. Keep it in the stack's ` +
        `config as a secret: pulumi config set --secret <key>, then config.requireSecret("<key>").`,
    },
  ];
}

// --- one claim per account, inbox number and webhook ----------------------

export interface ClaimsConfig {
  /** Accounts may share a partner reference (it only labels webhooks). */
  allowSharedReferences: boolean;
}

export const claimsDefaults: ClaimsConfig = { allowSharedReferences: false };

/** `server/accountId` of an adopted account, or undefined. */
function accountClaim(existing: unknown): string | undefined {
  if (typeof existing !== "string" || existing === "" || isUnknown(existing)) return undefined;
  return existing.includes("/") ? existing : `${DEFAULT_SERVER}/${existing}`;
}

export function uniqueClaims(resources: DeclaredResource[], config: ClaimsConfig): Violation[] {
  const claims = new Map<string, DeclaredResource[]>();
  const claim = (what: string, resource: DeclaredResource) => {
    claims.set(what, [...(claims.get(what) ?? []), resource]);
  };
  for (const resource of resources) {
    const kind = kindOf(resource.type);
    const props = resource.props;
    if (kind === "OnlineAccount") {
      const existing = accountClaim(props.existingAccount);
      if (existing) claim(`account ${existing}`, resource);
      const server = typeof props.server === "string" ? props.server : DEFAULT_SERVER;
      if (!config.allowSharedReferences && typeof props.reference === "string") {
        if (!isUnknown(props.reference))
          claim(`reference "${props.reference}" on ${server}`, resource);
      }
    } else if (kind === "WhatsAppInbox") {
      const number = props.whatsappNumber;
      if (typeof number === "string" && !isUnknown(number)) {
        claim(`WhatsApp number ${number.replace(/[^0-9]/g, "")}`, resource);
      }
    } else if (kind === "PartnerWebhook") {
      claim("the partner's webhook", resource);
    }
  }
  const violations: Violation[] = [];
  for (const [what, claimants] of claims) {
    if (claimants.length < 2) continue;
    const names = claimants.map((r) => `${kindOf(r.type)} "${r.name}"`).join(", ");
    for (const resource of claimants) {
      violations.push({
        urn: resource.urn,
        message: `${names} all claim ${what}: only one resource may manage it`,
      });
    }
  }
  return violations;
}

/** The engine's stand-in for a value not known until apply. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}
