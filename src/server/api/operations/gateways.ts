import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { gatewayJson, gatewaySchema } from "@/server/gateways/gateway-json";
import { GATEWAY_SORTS, getGatewayRow, listGateways } from "@/server/gateways/list-gateways";
import { lockGateway } from "@/server/gateways/lock-gateway";
import { unlockGateway } from "@/server/gateways/unlock-gateway";
import { licenceTypeSchema } from "@/server/plans/plan-input";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema, uuidSchema } from "../api-schemas";

/* Gateways through the API: the Gateways list and a gateway's own licence type (docs/gateways-and-plans.md). */

const TAG = "Gateways";
const gatewayParams = z.object({ gatewayId: subjectIdSchema.meta({ description: "The gateway's id." }) });

const readGateway = (actor: Actor, gatewayId: string) => getGatewayRow(db, { actor, gatewayId }).then(gatewayJson);

export const listGatewaysOperation = defineOperation({
  operationId: "listGateways",
  method: "get",
  path: "/gateways",
  tag: TAG,
  summary: "List the gateways of an account and the accounts below it",
  description: "The Gateways list of `accountId` (the key's own account when omitted), with its search, filters and sorts; ties by id.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.optional().meta({ description: "The account whose gateways to list (the key's account or one below it); the key's account by default." }),
    q: text().trim().max(200, "Keep the search under 200 characters.").optional().meta({ description: "Part of the name or serial number (literal, case-insensitive)." }),
    licenceType: z.enum(["SUBSCRIPTION", "PAYG"], { error: "Choose SUBSCRIPTION or PAYG." }).optional().meta({ description: "The licence type the gateway is actually on." }),
    planId: uuidSchema.optional().meta({ description: "Only gateways in this plan." }),
    sort: z.enum(GATEWAY_SORTS, { error: `Choose ${GATEWAY_SORTS.join(", ")}.` }).default("name"),
    dir: z.enum(["asc", "desc"], { error: "Choose asc or desc." }).default("asc"),
  }),
  response: { status: 200, description: "A page of gateways.", schema: pageOf(gatewaySchema, "GatewayPage") },
  errors: [400, 404],
  async handle({ actor, query }) {
    const page = await listGateways(db, {
      actor,
      accountId: query.accountId ?? actor.apiKey!.accountId,
      filters: { q: query.q || undefined, licenceType: query.licenceType, planId: query.planId, sort: query.sort, dir: query.dir },
      page: apiPageRequest(query.cursor),
      pageSize: query.limit,
      strictCursor: true,
    });
    return apiPage(page, gatewayJson);
  },
});

export const getGatewayOperation = defineOperation({
  operationId: "getGateway",
  method: "get",
  path: "/gateways/{gatewayId}",
  tag: TAG,
  summary: "Get a gateway",
  scope: "read",
  params: gatewayParams,
  response: { status: 200, description: "The gateway.", schema: gatewaySchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => readGateway(actor, params.gatewayId),
});

export const setGatewayLicenceTypeOperation = defineOperation({
  operationId: "setGatewayLicenceType",
  method: "post",
  path: "/gateways/{gatewayId}/licence-type",
  tag: TAG,
  summary: "Give a gateway its own licence type, or make it follow its plan again",
  description:
    "`SUBSCRIPTION` or `PAYG` unlocks the gateway from its plan with that type (the portal's Unlock from plan); `FOLLOW_PLAN` locks it back to its plan (400 `NO_PLAN` without one). PAYG has the plan's prerequisites (422 `ACCOUNT_NOT_MSSP`, `NO_ACTIVE_PAYG_CONTRACT`; 403 `USER_NOT_ADMIN`) plus firmware R82.00.00 or higher on this gateway (422 `GATEWAY_FIRMWARE_TOO_OLD`); the code is the first failing reason, the message names them all. Honours `If-Match` (412).",
  scope: "write",
  params: gatewayParams,
  body: z.object({
    licenceType: z.enum([...licenceTypeSchema.options, "FOLLOW_PLAN"], { error: "Choose SUBSCRIPTION, PAYG or FOLLOW_PLAN." }),
  }),
  response: { status: 200, description: "The gateway after the change.", schema: gatewaySchema },
  errors: [400, 403, 404, 412, 422],
  etag: "match",
  async handle({ actor, params, body, ifMatch }) {
    const precondition = ifMatch.precondition((tx) => getGatewayRow(tx, { actor, gatewayId: params.gatewayId }).then(gatewayJson));
    const { gatewayId } = params;
    if (body.licenceType === "FOLLOW_PLAN") await lockGateway(db, { actor, gatewayId, precondition });
    else await unlockGateway(db, { actor, gatewayId, licenceType: body.licenceType, precondition });
    return readGateway(actor, gatewayId);
  },
});
