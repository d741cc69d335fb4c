// The --dry-run report: how many accounts the API reported, which were left out and why, and
// what the module would hold, per server and status.

import type { AccountStatus } from "../client";
import type { NamedAccount } from "./render-program";
import { baseName } from "./resource-names";

export interface SummaryInput {
  reported: number;
  managed: number;
  filtered: number;
  named: readonly NamedAccount[];
  out?: string;
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
      .map(([server, c]) => `    ${server}: ${c.active} active, ${c.suspended} suspended`),
    `  names suffixed to stay unique  ${suffixed}`,
    `would write ${s.out ?? "stdout"}: ${s.named.length} OnlineAccount resources`,
  ];
  return `${lines.join("\n")}\n`;
}
