import "server-only";
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { db } from "@/server/db";
import { getStatementInReach } from "@/server/billing/statements/get-statement";
import { directionsOf, listStatements, STATEMENT_DIRECTIONS } from "@/server/billing/statements/list-statements";
import { statementJson, statementSchema, statementSummaryJson, statementSummarySchema } from "@/server/billing/statements/statement-json";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema, uuidSchema } from "../api-schemas";

/* Statements through the API: the Statements page's lists and a statement with its lines (docs/money.md#statements). */

const TAG = "Statements";

export const listStatementsOperation = defineOperation({
  operationId: "listStatements",
  method: "get",
  path: "/statements",
  tag: TAG,
  summary: "List an account's statements",
  description:
    "Newest month first. `issued`: what the account's buyers owe it (by buyer within a month); `received`: what it owes its seller. The direction defaults to the account's first, as on the Statements page (issued for a seller).",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.meta({ description: "The account whose statements to list (the key's account or one below it)." }),
    direction: z.enum(STATEMENT_DIRECTIONS as ["issued", "received"], { error: "Choose issued or received." }).optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Give the month as YYYY-MM.").optional().meta({ description: "YYYY-MM." }),
    buyerId: uuidSchema.optional().meta({ description: "Issued statements of this buyer only." }),
    status: z.enum(["DRAFT", "FINAL"], { error: "Choose DRAFT or FINAL." }).optional(),
  }),
  response: { status: 200, description: "A page of statements.", schema: pageOf(statementSummarySchema, "StatementPage") },
  errors: [404],
  async handle({ actor, query }) {
    const { account } = await getAccountInReach(db, actor, query.accountId);
    const direction = query.direction ?? directionsOf(account)[0] ?? "received";
    if (query.buyerId && direction !== "issued") throw invalid("The buyer filter is for issued statements.", { buyerId: ["Only with direction=issued."] }, "VALIDATION_FAILED");
    const page = await listStatements(db, {
      actor,
      accountId: account.id,
      filters: { direction, month: query.month, buyerId: query.buyerId, status: query.status },
      page: apiPageRequest(query.cursor),
      pageSize: query.limit,
      strictCursor: true,
    });
    return apiPage(page, statementSummaryJson);
  },
});

export const getStatementOperation = defineOperation({
  operationId: "getStatement",
  method: "get",
  path: "/statements/{statementId}",
  tag: TAG,
  summary: "Get a statement with its lines",
  description: "A final statement exactly as it was finalized; a draft is recomputed from today's data when read (unless computed within the last minute).",
  scope: "read",
  params: z.object({ statementId: subjectIdSchema.meta({ description: "The statement's id." }) }),
  response: { status: 200, description: "The statement and its lines.", schema: statementSchema },
  errors: [404],
  etag: "read",
  handle: async ({ actor, params }) => statementJson(await getStatementInReach(db, { actor, statementId: params.statementId, now: new Date() })),
});
