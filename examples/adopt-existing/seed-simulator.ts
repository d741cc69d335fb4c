// Gives a local simulator the kind of estate a partner already has: accounts made by hand,
// one suspended, one on a second server, a Hebrew name. Only for the simulator: it refuses any
// API that is not on this machine, so it can never create accounts for real.
//   npx tsx seed-simulator.ts   (with DIGITAL99_API_URL, _CLIENT_ID, _CLIENT_SECRET set)
import { PartnersClient, type AccountStatus } from "pulumi-99digital";

export const exampleEstate: ReadonlyArray<{
  accountName: string;
  server: string;
  status: AccountStatus;
  reference?: string;
}> = [
  { accountName: "Acme Inc", server: "online", status: "active", reference: "crm1001" },
  { accountName: "מכולת השכונה", server: "online", status: "suspended" },
  { accountName: "Beta & Co.", server: "eu1", status: "active", reference: "crm1003" },
];

export async function seedSimulator(apiUrl: string, clientId: string, clientSecret: string) {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(apiUrl).hostname)) {
    throw new Error(`seed-simulator.ts only seeds a local simulator, not ${apiUrl}`);
  }
  const client = new PartnersClient({ apiUrl, clientId, clientSecret });
  try {
    for (const [i, account] of exampleEstate.entries()) {
      const created = await client.online.createAccount({
        accountName: account.accountName,
        server: account.server,
        agents: 5,
        inboxes: 2,
        adminEmail: `owner${i + 1}@customer.example`,
        adminName: `Owner ${i + 1}`,
        adminDisplayName: `Owner ${i + 1}`,
        adminPassword: "Seeded!Passw0rd",
        ...(account.reference !== undefined && { reference: account.reference }),
      });
      if (account.status === "suspended") {
        const { accountId, server } = created;
        await client.online.updateAccount({ accountId, server, status: "suspended" });
      }
    }
  } finally {
    await client.close();
  }
}

if (require.main === module) {
  const env = (name: string) => process.env[name] ?? "";
  seedSimulator(
    env("DIGITAL99_API_URL"),
    env("DIGITAL99_CLIENT_ID"),
    env("DIGITAL99_CLIENT_SECRET"),
  ).then(
    () => console.log(`created ${exampleEstate.length} accounts`),
    (err: unknown) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    },
  );
}
