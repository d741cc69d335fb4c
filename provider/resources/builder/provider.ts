// The Builder lifecycle, run by Pulumi's provider host. How each field's change applies comes
// from the field table (schema.ts); this file says what each step asks of the API, and how
// deletion protection guards a builder's workflows.
import type * as pulumi from "@pulumi/pulumi";
import { PartnersApiError, type BuilderSummary, type CreatedBuilder } from "../../client";
import type { ProviderRuntime } from "../../runtime";
import { createListedOnce, OneAtATime } from "../create-once-listed";
import {
  adoptedNameFailures,
  checkInputs,
  containsUnknown,
  defined,
  fieldsWhere,
  initialOnlyWarning,
  pickFields,
  plan,
  same,
  shown,
  type Props,
} from "../fields";
import { deletionProtected } from "../protection";
import { SharedListings } from "../listings";
import { builderSchema } from "./rules";
import { fields, isBuilderId, type BuilderInputs, type BuilderOutputs } from "./schema";

type Provider = Required<pulumi.dynamic.ResourceProvider<BuilderInputs, BuilderOutputs>>;

const replacementFields = fieldsWhere(fields, "replace");
const initialOnlyFields = fieldsWhere(fields, "initialOnly");

/** A builder this recent with the same client name may be an interrupted run's. */
const recentSeconds = 24 * 60 * 60;

export class BuilderProvider implements Provider {
  /** Creations of builders with one client name, one at a time (see create-once-listed.ts). */
  private readonly creations = new OneAtATime();
  /** One getBuilders answer for the many reads of a run. */
  private readonly builders: SharedListings<BuilderSummary>;
  /** Builders this process created, adopted or read: not an interrupted run's. */
  private readonly known = new Set<string>();

  constructor(private readonly runtime: ProviderRuntime) {
    this.builders = new SharedListings(() => this.runtime.partners().builder.getBuilders());
  }

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure((key) => req.config.get(key));
    this.builders.clear();
    return Promise.resolve();
  }

  /** Takes whatever the program sent: any JSON in any field. */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<BuilderInputs>> {
    const result = checkInputs(
      { kind: "Builder", table: fields, schema: () => builderSchema, stateful: protectionFailures },
      olds ?? {},
      news,
    );
    const failures = [...(result.failures ?? [])];
    const inputs = (result.inputs ?? {}) as BuilderInputs;
    const isNew = Object.keys(olds ?? {}).length === 0;
    if (
      isNew &&
      inputs.existingBuilder !== undefined &&
      !containsUnknown(inputs.existingBuilder) &&
      !failures.some((f) => f.property === "existingBuilder")
    ) {
      failures.push(...(await this.adoptionProblems(inputs, inputs.existingBuilder)));
    }
    return { inputs, failures };
  }

  diff(id: string, olds: BuilderOutputs, news: BuilderInputs): Promise<pulumi.dynamic.DiffResult> {
    // The builder is this resource's in this run: another resource must not take it over.
    this.runtime.claim(claimKey(id), olds.resourceKey);
    const planned = plan(fields, olds, news);
    if (planned.ignored.length > 0) {
      this.runtime.warn(
        initialOnlyWarning(`Builder ${describe(id, olds)}`, "builder", planned.ignored),
      );
    }
    return Promise.resolve({
      changes: planned.replaces.length + planned.updates.length > 0,
      replaces: planned.replaces,
      // Always, so that a protected builder refuses before anything is made: made first, the
      // new builder would stay while the old one, pending deletion with its old state's
      // protection, refused for ever (also under pulumi up --replace).
      deleteBeforeReplace: true,
      stables: ["builderId", "url", ...initialOnlyFields],
    });
  }

  async create(inputs: BuilderInputs): Promise<pulumi.dynamic.CreateResult<BuilderOutputs>> {
    return inputs.existingBuilder !== undefined ? this.adopt(inputs) : this.createNew(inputs);
  }

  private async createNew(
    inputs: BuilderInputs,
  ): Promise<pulumi.dynamic.CreateResult<BuilderOutputs>> {
    const client = this.runtime.partners();
    const { clientName, reference } = inputs;
    const name = clientName.trim();
    const describeIt = `Builder ${shown(clientName)}`;
    let created: CreatedBuilder;
    try {
      ({ made: created } = await createListedOnce<CreatedBuilder, BuilderSummary>(
        {
          describe: describeIt,
          scope: name,
          list: () => client.builder.getBuilders(),
          idOf: (b) => b.builderId,
          looksLike: (b) => b.clientName.trim() === name,
          createdAt: (b) => b.createdAt,
          create: () =>
            client.builder.createBuilder({
              clientName,
              ...(reference !== undefined && { reference }),
            }),
          idOfMade: (made) => made.builderId,
          found: (b) => ({ builderId: b.builderId, clientName: b.clientName, url: b.url }),
          duplicatesPossible: true,
          beforeCreating: (existing) => this.warnOfPossibleOrphans(describeIt, name, existing),
          nextStep: (candidates) =>
            `Look in getBuilders for a builder named ${shown(clientName)} made just now` +
            (candidates.length > 0 ? ` (${candidates.map((b) => b.builderId).join(", ")})` : "") +
            `: take the one meant for this resource over with existingBuilder: "<builderId>" ` +
            `and delete any other. Running pulumi up again as it is would create another ` +
            `builder, since getBuilders gives nothing to recognise this resource's by.`,
        },
        {
          maxAttempts: this.runtime.createAttempts(),
          settleMs: this.runtime.settleMs(),
          sleep: this.runtime.sleep,
          warn: this.runtime.warn,
          queue: this.creations,
        },
      ));
    } finally {
      this.builders.clear();
    }
    this.known.add(created.builderId);
    this.runtime.claim(claimKey(created.builderId), inputs.resourceKey);
    const outs: BuilderOutputs = { ...inputs, builderId: created.builderId, url: created.url };
    return { id: created.builderId, outs: defined(outs) as BuilderOutputs };
  }

  /** Takes an existing builder into state with what the API has. */
  private async adopt(inputs: BuilderInputs): Promise<pulumi.dynamic.CreateResult<BuilderOutputs>> {
    const id = inputs.existingBuilder ?? "";
    const [problem] = await this.adoptionProblems(inputs, id, true);
    if (problem) throw new Error(`Builder ${id}: ${problem.reason}`);
    const remote = await this.find(id);
    if (!remote) throw new Error(`Builder ${id}: ${missingBuilder(id)}`);
    this.known.add(id);
    const outs: BuilderOutputs = {
      ...inputs,
      builderId: id,
      url: remote.url,
      clientName: remote.clientName,
    };
    return { id, outs: defined(outs) as BuilderOutputs };
  }

  async read(
    id: string,
    props?: BuilderOutputs,
  ): Promise<pulumi.dynamic.ReadResult<BuilderOutputs>> {
    const state: Props = { ...props };
    const builderId = parseId(id);
    const remote = await this.find(builderId);
    if (!remote) {
      this.runtime.warn(
        `Builder ${describe(id, state)} no longer exists on 99digital; it is removed from state`,
      );
      return { id: "" };
    }
    this.known.add(builderId);
    this.runtime.claim(claimKey(builderId), props?.resourceKey);
    const remoteValues: Props = { clientName: remote.clientName, url: remote.url };
    const drift = Object.entries(remoteValues).filter(
      ([field, value]) => state[field] !== undefined && !same(state[field], value),
    );
    if (drift.length > 0) {
      this.runtime.warn(
        `Builder ${describe(id, state)} was changed outside Pulumi: ` +
          drift
            .map(
              ([field, value]) => `${field} is ${shown(value)} (state had ${shown(state[field])})`,
            )
            .join(", ") +
          (drift.some(([field]) => field === "clientName")
            ? ". Put the new clientName in the program: the old one would replace the builder"
            : ""),
      );
    }
    const refreshed = { ...state, ...remoteValues, builderId } as BuilderOutputs;
    return { id, props: refreshed, inputs: pickFields(fields, refreshed) as BuilderOutputs };
  }

  /** Only deletionProtection reaches here (anything else replaces or is ignored): state only. */
  update(
    _id: string,
    olds: BuilderOutputs,
    news: BuilderInputs,
  ): Promise<pulumi.dynamic.UpdateResult<BuilderOutputs>> {
    const outs: Props = { ...olds, ...pickFields(fields, news) };
    for (const key of initialOnlyFields) outs[key] = olds[key] ?? news[key];
    return Promise.resolve({
      outs: defined({ ...outs, builderId: olds.builderId, url: olds.url }) as BuilderOutputs,
    });
  }

  async delete(id: string, props: BuilderOutputs): Promise<void> {
    const builderId = parseId(id);
    if (deletionProtected(props.deletionProtection)) {
      throw new Error(
        `Builder ${describe(id, props)} is protected by deletionProtection: deleting it would ` +
          `erase its workflows, connections and webhooks, for good. To delete it, set ` +
          `deletionProtection: false on the resource, run pulumi up, then remove it (or run ` +
          `pulumi destroy). To stop managing it without deleting it, set the resource option ` +
          `retainOnDelete: true, run pulumi up, then remove it.`,
      );
    }
    try {
      await this.runtime.partners().builder.deleteBuilder({ builderId });
    } catch (error) {
      // 29 may mean "already gone"; only the list can say so.
      if (!(error instanceof PartnersApiError && error.reason === 29)) throw error;
      const stillThere = (await this.builders.fresh()).some((b) => b.builderId === builderId);
      if (stillThere) throw error;
    } finally {
      this.builders.clear();
    }
  }

  /** The builder, from the run's shared listing; one missing there is confirmed by a fresh one. */
  private async find(builderId: string): Promise<BuilderSummary | undefined> {
    const match = (list: BuilderSummary[]) => list.find((b) => b.builderId === builderId);
    return match(await this.builders.get()) ?? match(await this.builders.fresh());
  }

  /**
   * Why the builder cannot be adopted: no other resource of the run may claim it, it must exist,
   * and clientName must be its name (another would replace it). A lookup that fails says nothing
   * at preview; create asks again and then fails.
   */
  private async adoptionProblems(
    inputs: BuilderInputs,
    builderId: string,
    strict = false,
  ): Promise<pulumi.dynamic.CheckFailure[]> {
    const claimant = this.runtime.claim(claimKey(builderId), inputs.resourceKey);
    if (claimant !== undefined) {
      return [
        {
          property: "existingBuilder",
          reason:
            `builder ${builderId} is already managed by another resource of this stack; a ` +
            `builder can belong to one resource only`,
        },
      ];
    }
    let remote: BuilderSummary | undefined;
    try {
      remote = await this.find(builderId);
    } catch (error) {
      if (strict) throw error;
      return [];
    }
    if (!remote) return [{ property: "existingBuilder", reason: missingBuilder(builderId) }];
    return adoptedNameFailures("clientName", inputs.clientName, remote.clientName, "builder");
  }

  /**
   * A builder made by a run that was killed before saving it is not in state, and getBuilders
   * offers nothing to tell it from any other builder of that client: say so, never adopt it.
   */
  private warnOfPossibleOrphans(what: string, name: string, existing: BuilderSummary[]): void {
    const since = Math.floor(Date.now() / 1000) - recentSeconds;
    const recent = existing.filter(
      (b) => b.clientName.trim() === name && b.createdAt >= since && !this.known.has(b.builderId),
    );
    if (recent.length === 0) return;
    this.runtime.warn(
      `${what}: builder ${recent.map((b) => b.builderId).join(", ")} with this client name was ` +
        `created in the last 24 hours. If an interrupted pulumi up made it for this resource, ` +
        `it is not in state: a new builder is being created now; delete the extra one, or take ` +
        `it over next time with existingBuilder.`,
    );
  }
}

function claimKey(builderId: string): string {
  return `builder:${builderId}`;
}

function missingBuilder(builderId: string): string {
  return (
    `there is no builder ${builderId} under this partner, so there is nothing to adopt ` +
    `(getBuilders lists the builders that exist)`
  );
}

/**
 * Replacing a builder deletes it with its workflows. While the current state says
 * deletionProtection is on, the plan stops here, at preview.
 */
function protectionFailures(olds: Props, news: Props): pulumi.dynamic.CheckFailure[] {
  if (!deletionProtected(olds.deletionProtection)) return [];
  return replacementFields
    .filter(
      (key) =>
        !containsUnknown(news[key]) && olds[key] !== undefined && !same(olds[key], news[key]),
    )
    .map((key) => ({
      property: key,
      reason:
        `changing ${key} from ${shown(olds[key])} to ${shown(news[key])} would replace the ` +
        `builder: the Partners API cannot change ${key}, so the builder would be deleted with ` +
        `all its workflows, connections and webhooks, and a new empty one created. ` +
        `deletionProtection is on, so nothing was changed. To replace it anyway, first apply ` +
        `deletionProtection: false on its own, then apply the new ${key}. If the name was ` +
        `changed outside Pulumi, put the new name in the program instead.`,
    }));
}

export function parseId(id: string): string {
  if (!isBuilderId(id)) {
    throw new Error(`${shown(id)} is not a Builder id; ids are the builder's digits, e.g. 12`);
  }
  return id;
}

function describe(id: string, props: Props): string {
  return typeof props.clientName === "string" ? `${id} (${shown(props.clientName)})` : id;
}
