// The `pulumi import --file` document for the same accounts as the module. Engines that take an
// entry's `inputs` and `outputs` (pulumi 3.276 does) record the resources from them without
// asking the provider to read by id, which a dynamic provider cannot do. Each entry therefore
// carries what the provider needs later: its inputs as the module declares them, the account's
// state as the API reported it, and `__provider`, the module Pulumi's provider host loads.

import { printableLines } from "../printable";
import { accountKey } from "./resource-names";
import type { NamedAccount } from "./render-program";
import { ONLINE_ACCOUNT_TYPE } from "./stack-state";

/** How a document adopt wrote begins: the key that lets adopt recognise it. */
export const IMPORT_FILE_HEADER = '{\n  "generatedBy": "pulumi-99digital adopt",';

/**
 * The provider module for the host: the same implementation the package's serialized stub
 * loads (`providerFor` is a contract with every state). The first `pulumi up` of the program
 * replaces it with the stub the SDK serializes; nothing compares the two.
 */
export const IMPORTED_PROVIDER =
  'exports.handler = () => require("pulumi-99digital/provider-host").providerFor("OnlineAccount");\n';

export function renderImportFile(accounts: readonly NamedAccount[]): string {
  const resources = accounts.map(({ account, name }) => {
    const key = accountKey(account);
    const inputs = {
      __provider: IMPORTED_PROVIDER,
      existingAccount: key,
      accountName: account.accountName,
      status: account.status,
      ...(account.reference ? { reference: account.reference } : {}),
    };
    const outputs = {
      ...inputs,
      accountId: account.accountId,
      server: account.server,
      url: `https://${account.server}.99digital.co.il`,
      reference: account.reference ?? "",
      deletionProtection: true,
    };
    return { type: ONLINE_ACCOUNT_TYPE, name, id: key, inputs, outputs };
  });
  const body = JSON.stringify({ resources }, null, 2);
  // JSON reads the escapes back as the characters the API reported (printable.ts).
  return printableLines(`${IMPORT_FILE_HEADER}\n${body.slice(2)}\n`);
}
