// The PartnerWebhook lifecycle. The partner has exactly one webhook URL, always there once set:
// creating and updating set it, refresh reads it, and deleting cannot clear it (the Partners API
// has no way to), so delete only says so.
import { webhookSchema } from "./rules";
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderRuntime } from "../../runtime";
import { checkInputs, pickFields, plan, shown, type Props } from "../fields";
import { secondDeclaration } from "../one-per-partner";
import {
  fields,
  WEBHOOK_ID,
  type PartnerWebhookInputs,
  type PartnerWebhookOutputs,
} from "./schema";

type Provider = Required<
  pulumi.dynamic.ResourceProvider<PartnerWebhookInputs, PartnerWebhookOutputs>
>;

const KIND = "PartnerWebhook";

export class PartnerWebhookProvider implements Provider {
  constructor(private readonly runtime: ProviderRuntime) {}

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure((key) => req.config.get(key));
    return Promise.resolve();
  }

  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<PartnerWebhookInputs>> {
    const result = checkInputs(
      { kind: KIND, table: fields, schema: () => webhookSchema },
      olds ?? {},
      news ?? {},
    );
    const inputs = (result.inputs ?? {}) as PartnerWebhookInputs;
    const failures = [
      ...(result.failures ?? []),
      ...secondDeclaration(this.runtime, KIND, "webhook", "url", inputs.resourceKey),
    ];
    return Promise.resolve({ inputs, failures });
  }

  diff(
    _id: string,
    olds: PartnerWebhookOutputs,
    news: PartnerWebhookInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const planned = plan(fields, olds, news);
    return Promise.resolve({
      changes: planned.updates.length > 0,
      replaces: [],
      deleteBeforeReplace: false,
      stables: ["resourceKey"],
    });
  }

  /** Sets the URL unless it is set already, saying so when it replaces another one. */
  async create(
    inputs: PartnerWebhookInputs,
  ): Promise<pulumi.dynamic.CreateResult<PartnerWebhookOutputs>> {
    const settings = this.runtime.partners().settings;
    const current = (await settings.getWebhook()).url;
    if (current !== undefined && current !== "" && current !== inputs.url) {
      this.runtime.warn(
        `${KIND}: the partner's webhook was ${site(current)}; it now points at ` +
          `${site(inputs.url)}, and events stop going to the former URL`,
      );
    }
    // Already pointing there: nothing to send.
    if (current !== inputs.url) await settings.setWebhook({ url: inputs.url });
    return { id: WEBHOOK_ID, outs: pickFields(fields, inputs) as PartnerWebhookOutputs };
  }

  async read(
    id: string,
    props?: PartnerWebhookOutputs,
  ): Promise<pulumi.dynamic.ReadResult<PartnerWebhookOutputs>> {
    const state: Props = { ...props };
    const remote = (await this.runtime.partners().settings.getWebhook()).url ?? "";
    if (state.url !== undefined && remote !== state.url) {
      this.runtime.warn(
        remote === ""
          ? `${KIND}: the partner has no webhook set on 99digital (state had ${site(state.url)}); the next pulumi up sets it again`
          : `${KIND}: the partner's webhook was changed outside Pulumi: it is ${site(remote)} (state had ${site(state.url)}); the next pulumi up sets it back to what the program says`,
      );
    }
    const refreshed = { ...state, url: remote } as PartnerWebhookOutputs;
    return { id, props: refreshed, inputs: pickFields(fields, refreshed) as PartnerWebhookOutputs };
  }

  async update(
    _id: string,
    olds: PartnerWebhookOutputs,
    news: PartnerWebhookInputs,
  ): Promise<pulumi.dynamic.UpdateResult<PartnerWebhookOutputs>> {
    if (olds.url !== news.url) await this.runtime.partners().settings.setWebhook({ url: news.url });
    return {
      outs: {
        ...pickFields(fields, news),
        resourceKey: olds.resourceKey ?? news.resourceKey,
      } as PartnerWebhookOutputs,
    };
  }

  /** The Partners API cannot clear the webhook: nothing is sent, and the user is told. */
  delete(_id: string, props: PartnerWebhookOutputs): Promise<void> {
    this.runtime.warn(
      `${KIND}: the partner's webhook stays set to ${site(props.url)} on 99digital: the ` +
        `Partners API has no way to clear it, so 99digital keeps sending events there. Point it ` +
        `elsewhere with a PartnerWebhook (or ask 99digital support to remove it).`,
    );
    return Promise.resolve();
  }
}

/**
 * The webhook URL as a message shows it: its scheme and host, the rest masked. The URL is secret
 * (a token in its path or query is all that proves an event's origin), and warnings reach CI logs.
 */
function site(url: unknown): string {
  if (typeof url !== "string" || url === "") return shown(url ?? "");
  try {
    const { protocol, host, pathname, search, hash } = new URL(url);
    return shown(`${protocol}//${host}/${pathname === "/" && !search && !hash ? "" : "…"}`);
  } catch {
    return "(a URL that does not parse)";
  }
}
