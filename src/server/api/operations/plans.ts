import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { getPlanRow, listPlans } from "@/server/plans/list-plans";
import { licenceTypeSchema } from "@/server/plans/plan-input";
import { planJson, planSchema } from "@/server/plans/plan-json";
import { setPlanLicenceType } from "@/server/plans/set-plan-licence-type";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* Plans through the API: the Plans list and the licence type switch (docs/gateways-and-plans.md). */

const TAG = "Plans";
const planParams = z.object({ planId: subjectIdSchema.meta({ description: "The plan's id." }) });

const readPlan = (actor: Actor, planId: string) => getPlanRow(db, { actor, planId }).then(planJson);

export const listPlansOperation = defineOperation({
  operationId: "listPlans",
  method: "get",
  path: "/plans",
  tag: TAG,
  summary: "List an account's plans",
  description: "The plans of `accountId` (the key's own account when omitted) and the plans its partner shared with it, by name, then id.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.optional().meta({ description: "The account whose plans to list (the key's account or one below it); the key's account by default." }),
  }),
  response: { status: 200, description: "A page of plans.", schema: pageOf(planSchema, "PlanPage") },
  errors: [400, 404],
  async handle({ actor, query }) {
    const page = await listPlans(db, { actor, accountId: query.accountId ?? actor.apiKey!.accountId, page: apiPageRequest(query.cursor), pageSize: query.limit, strictCursor: true });
    return apiPage(page, planJson);
  },
});

export const getPlanOperation = defineOperation({
  operationId: "getPlan",
  method: "get",
  path: "/plans/{planId}",
  tag: TAG,
  summary: "Get a plan",
  description: "A plan of an account in the key's reach, or one shared with such an account.",
  scope: "read",
  params: planParams,
  response: { status: 200, description: "The plan.", schema: planSchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => readPlan(actor, params.planId),
});

export const setPlanLicenceTypeOperation = defineOperation({
  operationId: "setPlanLicenceType",
  method: "post",
  path: "/plans/{planId}/licence-type",
  tag: TAG,
  summary: "Switch a plan between subscription and Pay-As-You-Go",
  description:
    "To `PAYG`: the contract holder (the child the plan is shared with, else its owner) needs a live PAYG contract for the service (422 `NO_ACTIVE_PAYG_CONTRACT`), the plan's account must be a partner or below one (422 `ACCOUNT_NOT_MSSP`) and the key must be an admin of the plan's owner (403 `USER_NOT_ADMIN`, e.g. a plan shared from above); gateways following it on firmware below R82.00.00 stay on subscription (`gatewaysOnOldFirmware`). From `PAYG` to `SUBSCRIPTION` needs `confirmed: true` (400 `CONFIRMATION_REQUIRED`). Setting the type it already has changes nothing. Honours `If-Match` (412).",
  scope: "write",
  params: planParams,
  body: z.object({
    licenceType: licenceTypeSchema,
    confirmed: z.boolean({ error: "Give true or false." }).optional().meta({ description: "Required as true to switch a PAYG plan back to subscription." }),
  }),
  response: { status: 200, description: "The plan after the switch.", schema: planSchema },
  errors: [400, 403, 404, 412, 422],
  etag: "match",
  async handle({ actor, params, body, ifMatch }) {
    await setPlanLicenceType(db, {
      actor,
      planId: params.planId,
      licenceType: body.licenceType,
      confirmed: body.confirmed ?? false,
      precondition: ifMatch.precondition((tx) => getPlanRow(tx, { actor, planId: params.planId }).then(planJson)),
    });
    return readPlan(actor, params.planId);
  },
});
