// The --dry-run report: how many accounts (and builders and inboxes, when included) the API
// reported, which were left out and why, and what the module would hold.

import type { AccountStatus } from "../client";
import { printable } from "../printable";
import type { NamedAccount } from "./render-program";
import { baseName } from "./resource-names";

/** One kind's figures beyond accounts. */
export interface KindCounts {
  reported: number;
  managed: number;
  /** Inboxes the --whatsapp-numbers file gives no number for. */
  leftOut: number;
  adopted: number;
}

export interface SummaryInput {
  reported: number;
  managed: number;
  filtered: number;
  named: readonly NamedAccount[];
  out?: string;
  builders?: KindCounts;
  inboxes?: KindCounts;
}

export function summarize(s: SummaryInput): string {
  const perServer = new Map<string, Record<AccountStatus, number>>();
  for (const { account } of s.named) {
    const counts = perServer.get(account.server) ?? { active: 0, suspended: 0 };
    counts[account.status] += 1;
    perServer.set(account.server, counts);
  }
  const suffixed = s.named.filter((n) => n.name !== baseName(n.account.accountName)).length;
  const lines = [
    "dry run: nothing written",
    `  reported by the API            ${s.reported}`,
    `  already managed by the stack   ${s.managed}`,
    `  left out by the filters        ${s.filtered}`,
    `  to adopt                       ${s.named.length}`,
    ...[...perServer]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([server, c]) => `    ${printable(server)}: ${c.active} active, ${c.suspended} suspended`,
      ),
    `  names suffixed to stay unique  ${suffixed}`,
    ...(s.builders
      ? [
          "builders:",
          `  reported by the API            ${s.builders.reported}`,
          `  already managed by the stack   ${s.builders.managed}`,
          `  to adopt                       ${s.builders.adopted}`,
        ]
      : []),
    ...(s.inboxes
      ? [
          "inboxes (of the accounts the filters keep):",
          `  reported by the API            ${s.inboxes.reported}`,
          `  already managed by the stack   ${s.inboxes.managed}`,
          `  left out: no WhatsApp number   ${s.inboxes.leftOut}`,
          `  to adopt                       ${s.inboxes.adopted}`,
        ]
      : []),
    `would write ${s.out ?? "stdout"}: ${s.named.length} OnlineAccount resources` +
      (s.builders ? `, ${s.builders.adopted} Builder resources` : "") +
      (s.inboxes ? `, ${s.inboxes.adopted} WhatsAppInbox resources` : ""),
  ];
  return `${lines.join("\n")}\n`;
}
