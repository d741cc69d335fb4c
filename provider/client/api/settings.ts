// settings/*: the access token, the partner's webhook and onboarding texts (partners-api.md, 1, 4).

import { z } from "zod";
import { declareEndpoint, exactly, wire } from "../endpoints";
import * as lenient from "../lenient";
import { common, methodRequired } from "../reason-codes";
import * as rules from "../rules";
import type * as t from "../types";

export const accessToken = declareEndpoint({
  name: "settings/accessToken",
  method: "POST",
  auth: false,
  params: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  toWire: (p) => ({ client_id: p.clientId, client_secret: p.clientSecret }),
  answer: z
    .object({ access_token: z.string().min(1), expiration_time: lenient.optUnixSeconds })
    .transform((r): t.AccessToken => ({
      accessToken: r.access_token,
      expiresAt: r.expiration_time,
    })),
  reasons: {
    2: {
      message:
        "the clientId/clientSecret pair was rejected. Fix the credentials before trying again: this client never retries a credentials failure, because repeated wrong credentials get your IP address blocked",
      auth: true,
    },
    3: {
      message:
        "your IP address is blocked by 99digital after repeated wrong credentials. Wait before trying again, and fix clientId/clientSecret first; this client does not retry",
      auth: true,
    },
    13: methodRequired("POST"),
  },
  secrets: ["clientSecret"],
});

const webhookAnswer = z
  .object({ url: lenient.optStr })
  .transform((r): t.Webhook => lenient.compact({ url: r.url }));

export const setWebhook = declareEndpoint({
  name: "settings/setWebhook",
  method: "POST",
  mutates: true,
  params: z.object({ url: rules.httpUrl("url", 512) }),
  toWire: (p) => ({ url: p.url }),
  answer: (sent) => webhookAnswer.transform((r) => ({ url: r.url ?? sent.url })),
  reasons: {
    ...common("POST"),
    13: {
      message: `url is invalid: it ${rules.httpUrlRule(512)}`,
      field: "url",
    },
  },
  // Partners put a token in it, since the API signs no event: masked in errors and debug lines.
  secrets: ["url"],
});

export const getWebhook = declareEndpoint({
  name: "settings/getWebhook",
  method: "GET",
  params: z.object({}),
  toWire: () => ({}),
  answer: webhookAnswer,
  reasons: common("GET"),
});

const onboardingFields = {
  onboardingLogo: "onboarding_logo",
  onboardingMessage: "onboarding_message",
  onboardingButton: "onboarding_button",
  onboardingSuccess: "onboarding_success",
  onboardingFailed: "onboarding_failed",
} as const;

export const setBusiness = declareEndpoint({
  name: "settings/setBusiness",
  method: "PATCH",
  mutates: true,
  params: z
    .object({
      // The contract requires none of them to be non-empty; "" is how a text is emptied.
      onboardingLogo: rules.httpUrlOrEmpty("onboardingLogo", 512, "for none").optional(),
      onboardingMessage: rules.upTo("onboardingMessage", 200).optional(),
      onboardingButton: rules.upTo("onboardingButton", 50).optional(),
      onboardingSuccess: rules.upTo("onboardingSuccess", 200).optional(),
      onboardingFailed: rules.upTo("onboardingFailed", 200).optional(),
    })
    .refine((v) => Object.values(v).some((x) => x !== undefined), {
      message: `setBusiness needs at least one of ${Object.keys(onboardingFields).join(", ")}`,
      params: { rule: "required" },
    }),
  toWire: (p) =>
    wire(
      Object.fromEntries(
        Object.entries(onboardingFields).map(([k, w]) => [w, p[k as keyof typeof p]]),
      ),
    ),
  // Partial: what the answer leaves out is what was sent.
  answer: (sent) =>
    z
      .object({
        onboarding_logo: lenient.optStr,
        onboarding_message: lenient.optStr,
        onboarding_button: lenient.optStr,
        onboarding_success: lenient.optStr,
        onboarding_failed: lenient.optStr,
      })
      .transform((r): t.BusinessSettings =>
        lenient.compact(
          Object.fromEntries(
            Object.entries(onboardingFields).map(([k, w]) => [
              k,
              r[w] ?? sent[k as keyof typeof sent],
            ]),
          ),
        ),
      ),
  reasons: {
    ...common("PATCH", 27),
    ...Object.fromEntries(
      [28, 29, 30, 31].map((code) => [
        code,
        {
          message:
            "one of the onboarding fields is invalid (the API does not say which): check the lengths (logo 512, message 200, button 50, success 200, failed 200)",
        },
      ]),
    ),
  },
});

exactly<z.input<typeof setWebhook.params>, t.SetWebhookParams>(true);
exactly<z.input<typeof setBusiness.params>, t.SetBusinessParams>(true);
