// The partner's data as the simulator holds it, and its optional persistence.
// Handlers validate first and then call exactly one mutating method, so a
// request is applied whole or not at all; the server persists once per request.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type {
  AccountStatus,
  SimAccount,
  SimAgent,
  SimBuilder,
  SimBusiness,
  SimInbox,
} from "./types";

interface Data {
  version: 1;
  nextAccountId: number;
  nextAgentId: number;
  nextInboxId: number;
  nextBuilderId: number;
  accounts: SimAccount[];
  agents: SimAgent[];
  inboxes: SimInbox[];
  builders: SimBuilder[];
  webhookUrl?: string;
  business: SimBusiness;
}

// Distinct starting points make a client that confuses account, agent and
// inbox ids fail loudly instead of by luck.
function emptyData(): Data {
  return {
    version: 1,
    nextAccountId: 1,
    nextAgentId: 100,
    nextInboxId: 1000,
    nextBuilderId: 1,
    accounts: [],
    agents: [],
    inboxes: [],
    builders: [],
    business: {},
  };
}

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface NewAccount {
  accountName: string;
  server: string;
  reference: string;
  agents: number;
  inboxes: number;
  admin: Omit<SimAgent, "agentId" | "createTime" | "accountIds">;
}

export class State {
  private data: Data = emptyData();
  private dirty = false;

  constructor(private readonly file?: string) {
    if (file) this.data = loadData(file) ?? emptyData();
  }

  // --- reads (return live records: callers inside the simulator do not mutate them) ---

  accounts(): readonly SimAccount[] {
    return this.data.accounts;
  }

  account(accountId: number, server: string): SimAccount | undefined {
    return this.data.accounts.find((a) => a.accountId === accountId && a.server === server);
  }

  agents(): readonly SimAgent[] {
    return this.data.agents;
  }

  agent(agentId: number): SimAgent | undefined {
    return this.data.agents.find((a) => a.agentId === agentId);
  }

  /** Emails are matched case-insensitively, as mail systems do. */
  agentByEmail(email: string): SimAgent | undefined {
    const wanted = email.toLowerCase();
    return this.data.agents.find((a) => a.email.toLowerCase() === wanted);
  }

  inboxes(): readonly SimInbox[] {
    return this.data.inboxes;
  }

  inboxesOf(accountId: number): SimInbox[] {
    return this.data.inboxes.filter((i) => i.accountId === accountId);
  }

  inboxByNumber(whatsappNumber: string): SimInbox | undefined {
    return this.data.inboxes.find((i) => i.whatsappNumber === whatsappNumber);
  }

  builders(): readonly SimBuilder[] {
    return this.data.builders;
  }

  builder(builderId: number): SimBuilder | undefined {
    return this.data.builders.find((b) => b.builderId === builderId);
  }

  webhookUrl(): string | undefined {
    return this.data.webhookUrl;
  }

  business(): SimBusiness {
    return this.data.business;
  }

  /** Everything, deep-copied, for assertions and the control route. */
  snapshot(): Omit<
    Data,
    "version" | "nextAccountId" | "nextAgentId" | "nextInboxId" | "nextBuilderId"
  > {
    const { accounts, agents, inboxes, builders, webhookUrl, business } = structuredClone(
      this.data,
    );
    return { accounts, agents, inboxes, builders, webhookUrl, business };
  }

  // --- writes ---

  /**
   * Creates the account; its admin is the existing agent with that email if
   * there is one (whose name, password and 2FA stay as they are), else a new agent.
   */
  createAccount(input: NewAccount): { account: SimAccount; agent: SimAgent } {
    const createTime = unixSeconds();
    let agent = this.agentByEmail(input.admin.email);
    if (!agent) {
      agent = { ...input.admin, agentId: this.data.nextAgentId++, createTime, accountIds: [] };
      this.data.agents.push(agent);
    }
    const account: SimAccount = {
      accountId: this.data.nextAccountId++,
      accountName: input.accountName,
      server: input.server,
      status: "active",
      reference: input.reference,
      builderUrl: "",
      agents: input.agents,
      inboxes: input.inboxes,
      createTime,
      agentIds: [agent.agentId],
    };
    agent.accountIds.push(account.accountId);
    this.data.accounts.push(account);
    this.changed();
    return { account, agent };
  }

  updateAccount(
    account: SimAccount,
    change: { accountName?: string; status?: AccountStatus; builderUrl?: string },
  ): void {
    if (change.accountName !== undefined) account.accountName = change.accountName;
    if (change.status !== undefined) account.status = change.status;
    if (change.builderUrl !== undefined) account.builderUrl = change.builderUrl;
    this.changed();
  }

  /** Deletes the account with its inboxes (their numbers become free) and its now agent-less agents. */
  deleteAccount(account: SimAccount): void {
    const id = account.accountId;
    this.data.accounts = this.data.accounts.filter((a) => a !== account);
    this.data.inboxes = this.data.inboxes.filter((i) => i.accountId !== id);
    for (const agent of this.data.agents) {
      agent.accountIds = agent.accountIds.filter((a) => a !== id);
    }
    this.data.agents = this.data.agents.filter((a) => a.accountIds.length > 0);
    this.changed();
  }

  createInbox(input: Omit<SimInbox, "inboxId" | "createTime">): SimInbox {
    const inbox: SimInbox = {
      ...input,
      inboxId: this.data.nextInboxId++,
      createTime: unixSeconds(),
    };
    this.data.inboxes.push(inbox);
    this.changed();
    return inbox;
  }

  deleteInbox(inbox: SimInbox): void {
    this.data.inboxes = this.data.inboxes.filter((i) => i !== inbox);
    this.changed();
  }

  createBuilder(clientName: string, reference: string): SimBuilder {
    const builderId = this.data.nextBuilderId++;
    const builder: SimBuilder = {
      builderId,
      clientName,
      reference,
      url: `https://builder.99digital.co.il/b/${builderId}`,
      createTime: unixSeconds(),
    };
    this.data.builders.push(builder);
    this.changed();
    return builder;
  }

  deleteBuilder(builder: SimBuilder): void {
    this.data.builders = this.data.builders.filter((b) => b !== builder);
    this.changed();
  }

  setWebhook(url: string): void {
    this.data.webhookUrl = url;
    this.changed();
  }

  setBusiness(fields: SimBusiness): void {
    Object.assign(this.data.business, fields);
    this.changed();
  }

  reset(): void {
    this.data = emptyData();
    this.changed();
  }

  /** Writes the data file if this request changed anything. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.file) saveData(this.file, this.data);
  }

  private changed(): void {
    this.dirty = true;
  }
}

/**
 * Write-then-rename: a crash or a concurrent reader never sees a half-written
 * file. Synchronous on purpose: the answer leaves only after the change is on
 * disk, which is what makes "drop after commit" mean something across restarts.
 */
export function saveData(file: string, data: unknown): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`,
  );
  const fd = fs.openSync(temp, "w", 0o600);
  try {
    fs.writeFileSync(fd, JSON.stringify(data, null, 2) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Undefined when the file does not exist yet; throws when it exists but is not ours. */
export function loadData(file: string): Data | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`simulator data file ${file} is not JSON; move it away or pass another --data`);
  }
  if (!isData(parsed)) {
    throw new Error(`simulator data file ${file} is not a simulator state (version 1)`);
  }
  return { ...emptyData(), ...parsed };
}

function isData(value: unknown): value is Data {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === 1 &&
    ["nextAccountId", "nextAgentId", "nextInboxId", "nextBuilderId"].every(
      (k) => typeof v[k] === "number",
    ) &&
    ["accounts", "agents", "inboxes", "builders"].every((k) => Array.isArray(v[k]))
  );
}
