import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { db } from "@/server/db";
import { endUserJson, endUserSchema } from "@/server/end-users/end-user-json";
import { getEndUserRow, listEndUsers } from "@/server/end-users/list-end-users";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* End users through the API: a customer's End users list (docs/end-users-and-devices.md#end-users). */

const TAG = "End users";

export const listEndUsersOperation = defineOperation({
  operationId: "listEndUsers",
  method: "get",
  path: "/end-users",
  tag: TAG,
  summary: "List a customer's end users",
  description: "The end users of the customer account `accountId`, by name, then external id and id. Only customer accounts have end users: any other account is 404, like one out of reach.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.meta({ description: "The customer account (the key's account or one below it)." }),
    q: text().trim().max(200, "Keep the search under 200 characters.").optional().meta({ description: "Part of the name, email or external id (literal, case-insensitive)." }),
  }),
  response: { status: 200, description: "A page of end users.", schema: pageOf(endUserSchema, "EndUserPage") },
  errors: [400, 404],
  async handle({ actor, query }) {
    const page = await listEndUsers(db, { actor, accountId: query.accountId, q: query.q || undefined, page: apiPageRequest(query.cursor), pageSize: query.limit, strictCursor: true });
    return apiPage(page, endUserJson);
  },
});

export const getEndUserOperation = defineOperation({
  operationId: "getEndUser",
  method: "get",
  path: "/end-users/{endUserId}",
  tag: TAG,
  summary: "Get an end user",
  description: "With their groups, current subscriptions and how many devices are paired to them.",
  scope: "read",
  params: z.object({ endUserId: subjectIdSchema.meta({ description: "The end user's id." }) }),
  response: { status: 200, description: "The end user.", schema: endUserSchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => getEndUserRow(db, { actor, endUserId: params.endUserId }).then(endUserJson),
});
