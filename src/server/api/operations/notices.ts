import "server-only";
import { db } from "@/server/db";
import { listNotices } from "@/server/notifications/list-notices";
import { noticeJson, noticeSchema } from "@/server/notifications/notice-json";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* Notices through the API: the Notifications list of an account and those below it (docs/notifications.md). */

export const listNoticesOperation = defineOperation({
  operationId: "listNotices",
  method: "get",
  path: "/notices",
  tag: "Notices",
  summary: "List notices",
  description: "The notices of the account and the accounts below it, newest first, as the Notifications page shows them.",
  scope: "read",
  query: pageQuerySchema.extend({ accountId: subjectIdSchema.meta({ description: "The account whose notices (and those of the accounts below it) to list." }) }),
  response: { status: 200, description: "A page of notices.", schema: pageOf(noticeSchema, "NoticePage") },
  errors: [404],
  async handle({ actor, query }) {
    const page = await listNotices(db, { actor, accountId: query.accountId, page: apiPageRequest(query.cursor), pageSize: query.limit, strictCursor: true });
    return apiPage(page, noticeJson);
  },
});
