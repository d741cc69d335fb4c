// settings/*: the access token, the partner's webhook and its onboarding texts (§1, §4).
import { type Body, type Endpoint, type HandlerContext, type Outcome, fail, ok } from "../endpoint";
import { isAbsent, isHttpUrl, isText } from "../rules";
import type { SimBusiness } from "../types";

function accessToken(body: Body, ctx: HandlerContext): Outcome {
  const result = ctx.auth.issue(body.client_id, body.client_secret, ctx.remoteAddress);
  if (!result.ok) return fail(result.reason);
  return ok({
    access_token: result.token,
    expiration_time: String(Math.floor(result.expiresAt / 1000)),
    token_type: "Bearer",
  });
}

/** On this endpoint 13 means both "POST required" and "url invalid", as documented. */
function setWebhook(body: Body, ctx: HandlerContext): Outcome {
  if (!isHttpUrl(body.url, 512)) return fail(13);
  ctx.state.setWebhook(body.url);
  return ok({ url: body.url });
}

/** "" until a webhook is set: the contract documents no "unset" value. */
function getWebhook(_body: Body, ctx: HandlerContext): Outcome {
  return ok({ url: ctx.state.webhookUrl() ?? "" });
}

/**
 * The contract gives 28-31 for "a field invalid" without a mapping; the
 * simulator's is in the table below (success and failed share 31). A field
 * may be "" to clear it; the logo must otherwise be an http(s) URL. A null
 * field is not sent, as for every optional field.
 */
const BUSINESS_FIELDS: {
  name: keyof SimBusiness;
  reason: number;
  valid: (value: unknown) => boolean;
}[] = [
  { name: "onboarding_logo", reason: 28, valid: (v) => v === "" || isHttpUrl(v, 512) },
  { name: "onboarding_message", reason: 29, valid: (v) => isText(v, 200) },
  { name: "onboarding_button", reason: 30, valid: (v) => isText(v, 50) },
  { name: "onboarding_success", reason: 31, valid: (v) => isText(v, 200) },
  { name: "onboarding_failed", reason: 31, valid: (v) => isText(v, 200) },
];

function setBusiness(body: Body, ctx: HandlerContext): Outcome {
  const sent: SimBusiness = {};
  for (const field of BUSINESS_FIELDS) {
    const value = body[field.name];
    if (isAbsent(value)) continue;
    if (!field.valid(value)) return fail(field.reason);
    sent[field.name] = value as string;
  }
  if (Object.keys(sent).length > 0) ctx.state.setBusiness(sent);
  return ok({ ...sent });
}

export const settingsEndpoints: Record<string, Endpoint> = {
  "settings/accessToken": {
    method: "POST",
    wrongMethodReason: 13,
    needsToken: false,
    // A blocked IP is refused before its body is even read as credentials.
    guard: (ctx) => (ctx.auth.isBlocked(ctx.remoteAddress) ? 3 : undefined),
    handle: accessToken,
  },
  "settings/setWebhook": {
    method: "POST",
    wrongMethodReason: 13,
    needsToken: true,
    handle: setWebhook,
  },
  "settings/getWebhook": {
    method: "GET",
    wrongMethodReason: 13,
    needsToken: true,
    handle: getWebhook,
  },
  "settings/setBusiness": {
    method: "PATCH",
    wrongMethodReason: 27,
    needsToken: true,
    handle: setBusiness,
  },
};
