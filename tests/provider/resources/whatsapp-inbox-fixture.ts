// Shared set-up of the WhatsAppInbox tests: the provider on a simulator fixture, a client for
// out-of-band changes, and an account to put inboxes in. The numbers are among the partner's
// working WhatsApp numbers the simulator has by default.
import { PartnersClient } from "../../../provider/client";
import { WhatsAppInboxProvider } from "../../../provider/resources/whatsapp-inbox/provider";
import type { WhatsAppInboxInputs } from "../../../provider/resources/whatsapp-inbox/schema";
import type { SimulatorOptions } from "../../../simulator";
import { startProviderFixture, type ProviderFixture } from "./fixtures";

export const NUMBERS = ["972501234567", "972501234568", "972501234569"] as const;

export interface InboxFixture {
  f: ProviderFixture;
  provider: WhatsAppInboxProvider;
  client: PartnersClient;
  accountId: string;
  close(): Promise<void>;
}

export async function startInboxFixture(
  config: Record<string, string> = {},
  options: SimulatorOptions = {},
): Promise<InboxFixture> {
  const f = await startProviderFixture(options);
  if (Object.keys(config).length > 0) {
    const all: Record<string, string> = {
      "digital99:apiUrl": f.sim.url,
      "digital99:clientId": f.sim.clientId,
      "digital99:clientSecret": f.sim.clientSecret,
      ...config,
    };
    f.runtime.configure((key) => all[key]);
  }
  const client = new PartnersClient({
    apiUrl: f.sim.url,
    clientId: f.sim.clientId,
    clientSecret: f.sim.clientSecret,
  });
  const { accountId } = await createAccount(client);
  return {
    f,
    provider: new WhatsAppInboxProvider(f.runtime),
    client,
    accountId,
    async close() {
      await client.close();
      await f.close();
    },
  };
}

export function createAccount(client: PartnersClient, name = "Acme Inc") {
  return client.online.createAccount({
    accountName: name,
    agents: 5,
    inboxes: 5,
    adminEmail: `owner@${name.replace(/\W/g, "").toLowerCase()}.example`,
    adminName: "Dana",
    adminDisplayName: "D",
    adminPassword: "Str0ng!Pass",
  });
}

/** Inputs as `check` returns them. */
export function inboxInputs(
  accountId: string,
  overrides: Partial<WhatsAppInboxInputs> = {},
): WhatsAppInboxInputs {
  return {
    accountId,
    server: "online",
    inboxName: "Support",
    whatsappNumber: NUMBERS[0],
    importHistory: false,
    deletionProtection: true,
    resourceKey: "keyA",
    ...overrides,
  };
}
