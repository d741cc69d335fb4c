// Late duplicates. A createAccount whose answer was lost may take effect after
// the provider stopped waiting for it, when a retry has already made the
// account: the partner then holds two accounts for one resource. Under a
// derived reference the second one is recognisable at any later listing
// (same reference, name and server, another id), so whoever lists accounts
// next can say so: a later lookup of the same run, a refresh, a later up.
//
// It is reported, never deleted, once the creation that made it has
// returned: from then on the account is visible to the customer (an admin
// email that already has an agent gets access at once), and the provider
// cannot tell whether it has been used. Deleting is irreversible; a warning
// costs the user one command.
import type { AccountSummary } from "../client";
import { shown } from "./fields";
import { isDerivedReference } from "./reference";

/** What a resource's state says about its account. */
export interface AccountInState {
  accountId: string;
  server: string;
  accountName: string;
  reference: string;
  /** The resource's `referenceDerived` input; absent in states written before it existed. */
  referenceDerived?: boolean;
}

/**
 * The other accounts that carry the state's derived reference, name and
 * server. Empty under a partner-given reference: accounts may share those.
 */
export function lateDuplicatesOf(
  accounts: readonly AccountSummary[],
  state: AccountInState,
): AccountSummary[] {
  if (!isDerivedReference(state.reference, state.referenceDerived)) return [];
  const name = state.accountName.trim();
  return accounts.filter(
    (a) =>
      a.reference === state.reference &&
      a.server === state.server &&
      a.accountId !== state.accountId &&
      a.accountName.trim() === name,
  );
}

/** The warning for late duplicates: both ids, and how to remove each extra account. */
export function lateDuplicateWarning(
  state: AccountInState,
  duplicates: readonly AccountSummary[],
): string {
  const kept = `${state.server}/${state.accountId}`;
  const extras = duplicates.map((d) => `${d.server}/${d.accountId}`).join(", ");
  const several = duplicates.length > 1;
  return (
    `OnlineAccount ${shown(state.accountName)} (${kept}, reference ${shown(state.reference)}): ` +
    `${extras} ${several ? "carry" : "carries"} the same derived reference, name and server ` +
    `but ${several ? "are" : "is"} not in the state: a createAccount whose answer was lost ` +
    `took effect late and made ${several ? "extra accounts" : "a second account"}. ` +
    `${kept} stays managed. ${several ? "They were" : "It was"} not deleted, because ` +
    `${several ? "they" : "it"} may have been used since. If unused, delete ` +
    `${several ? "each" : "it"} from the program's directory, with the 99digital ` +
    `credentials in DIGITAL99_CLIENT_ID and DIGITAL99_CLIENT_SECRET (or DIGITAL99_ACCESS_TOKEN): ` +
    duplicates.map((d) => removalCommand(d)).join(" ; ")
  );
}

/**
 * A command that deletes one account with the installed package, for users
 * to run by hand. The ids come from the API's answer; they are checked here
 * because they end up in a shell line.
 */
export function removalCommand(account: { server: string; accountId: string }): string {
  if (!/^\d+$/.test(account.accountId) || !/^[A-Za-z0-9-]+$/.test(account.server)) {
    return `delete account ${account.server}/${account.accountId} with online/deleteAccount`;
  }
  const script =
    `const {PartnersClient}=require("pulumi-99digital");const e=process.env;` +
    `const c=new PartnersClient({apiUrl:e.DIGITAL99_API_URL,clientId:e.DIGITAL99_CLIENT_ID,` +
    `clientSecret:e.DIGITAL99_CLIENT_SECRET,accessToken:e.DIGITAL99_ACCESS_TOKEN});` +
    `c.online.deleteAccount({accountId:"${account.accountId}",server:"${account.server}"})` +
    `.then(()=>console.log("deleted ${account.server}/${account.accountId}"),` +
    `(x)=>{console.error(x.message);process.exitCode=1}).finally(()=>c.close())`;
  return `node -e '${script}'`;
}
