// builder/*: workflow builder instances (partners-api.md §3). There is no update endpoint.
import { type Body, type Endpoint, type HandlerContext, type Outcome, fail, ok } from "../endpoint";
import { isAbsent, isNonEmptyText, isReference, parseId } from "../rules";
import type { SimBuilder } from "../types";
import { loginLink } from "./online";

function createBuilder(body: Body, ctx: HandlerContext): Outcome {
  if (!isNonEmptyText(body.client_name, 100)) return fail(30);
  const reference = isAbsent(body.reference) ? "" : body.reference;
  if (!isReference(reference, 50)) return fail(20);
  // 31 ("creation failed, retry") has no cause a client controls; the quota gives it one.
  if (ctx.state.builders().length >= ctx.maxBuilders) return fail(31);
  const builder = ctx.state.createBuilder(body.client_name, reference);
  return ok({ builderID: builder.builderId, client_name: builder.clientName, url: builder.url });
}

function getBuilders(_body: Body, ctx: HandlerContext): Outcome {
  const list = ctx.state.builders().map((b) => ({
    create_time: b.createTime,
    client: b.clientName,
    builderID: String(b.builderId),
    url: b.url,
  }));
  return ok({ totalBuilders: list.length, list });
}

function findBuilder(body: Body, ctx: HandlerContext): SimBuilder | undefined {
  const builderId = parseId(body.builderID);
  return builderId === undefined ? undefined : ctx.state.builder(builderId);
}

function loginBuilder(body: Body, ctx: HandlerContext): Outcome {
  const builder = findBuilder(body, ctx);
  if (!builder) return fail(29);
  return ok({ builderID: builder.builderId, login: loginLink(builder.url) });
}

function deleteBuilder(body: Body, ctx: HandlerContext): Outcome {
  const builder = findBuilder(body, ctx);
  if (!builder) return fail(29);
  ctx.state.deleteBuilder(builder);
  return ok({ builderID: builder.builderId });
}

function endpoint(method: Endpoint["method"], handle: Endpoint["handle"]): Endpoint {
  return { method, wrongMethodReason: 13, needsToken: true, handle };
}

export const builderEndpoints: Record<string, Endpoint> = {
  "builder/createBuilder": endpoint("POST", createBuilder),
  "builder/getBuilders": endpoint("GET", getBuilders),
  "builder/loginBuilder": endpoint("POST", loginBuilder),
  "builder/deleteBuilder": endpoint("DELETE", deleteBuilder),
};
