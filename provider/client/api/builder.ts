// builder/*: Workflow Builder instances (partners-api.md, 3). There is no update endpoint.

import { z } from "zod";
import { declareEndpoint, exactly, wire } from "../endpoints";
import * as lenient from "../lenient";
import { builderIdWrong, common, referenceInvalid } from "../reason-codes";
import * as rules from "../rules";
import type * as t from "../types";
import { loginAnswer } from "./online";

const builderRef = z.object({ builderId: rules.digitsId("builderId", 20) });

export const createBuilder = declareEndpoint({
  name: "builder/createBuilder",
  method: "POST",
  creates: true,
  params: z.object({
    clientName: rules.name("clientName", 100),
    reference: rules.reference().optional(),
  }),
  toWire: (p) => wire({ client_name: p.clientName, reference: p.reference }),
  answer: (sent) =>
    z
      .object({ builderID: lenient.id, client_name: lenient.optStr, url: lenient.str })
      .transform((r): t.CreatedBuilder => ({
        builderId: r.builderID,
        clientName: r.client_name ?? sent.clientName,
        url: r.url,
      })),
  reasons: {
    ...common("POST"),
    ...referenceInvalid,
    30: {
      message: "clientName is invalid: it must be non-blank, at most 100 characters",
      field: "clientName",
    },
    31: {
      message:
        "the builder could not be created (nothing was created); try again later, or contact 99digital support if it persists",
    },
  },
});

export const getBuilders = declareEndpoint({
  name: "builder/getBuilders",
  method: "GET",
  params: z.object({}),
  toWire: () => ({}),
  answer: lenient.listAnswer(
    {
      builderID: lenient.id,
      client: lenient.str,
      url: lenient.str,
      create_time: lenient.unixSeconds,
    },
    (b): t.BuilderSummary => ({
      builderId: b.builderID,
      clientName: b.client,
      url: b.url,
      createdAt: b.create_time,
    }),
  ),
  reasons: common("GET"),
});

export const loginBuilder = declareEndpoint({
  name: "builder/loginBuilder",
  method: "POST",
  params: builderRef,
  toWire: (p) => ({ builderID: p.builderId }),
  answer: loginAnswer,
  reasons: { ...common("POST"), ...builderIdWrong },
});

export const deleteBuilder = declareEndpoint({
  name: "builder/deleteBuilder",
  method: "DELETE",
  mutates: true,
  params: builderRef,
  toWire: (p) => ({ builderID: p.builderId }),
  answer: lenient.nothing,
  reasons: { ...common("DELETE"), ...builderIdWrong },
});

exactly<z.input<typeof createBuilder.params>, t.CreateBuilderParams>(true);
exactly<z.input<typeof loginBuilder.params>, t.BuilderRef>(true);
exactly<z.input<typeof deleteBuilder.params>, t.BuilderRef>(true);
