import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { createAccountSchema } from "@/server/accounts/account-input";
import { accountJson, accountSchema } from "@/server/accounts/account-json";
import { changeAccountStatus } from "@/server/accounts/change-account-status";
import { createAccount } from "@/server/accounts/create-account";
import { CHILD_ACCOUNT_SORTS, getAccountRow, listChildAccounts } from "@/server/accounts/list-child-accounts";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* Accounts through the API: Manage Accounts, Create account and the status change (docs/accounts-and-roles.md). */

const TAG = "Accounts";
const accountParams = z.object({ accountId: subjectIdSchema.meta({ description: "The account's id." }) });

const readAccount = (actor: Actor, accountId: string) => getAccountRow(db, { actor, accountId }).then(accountJson);

export const listAccountsOperation = defineOperation({
  operationId: "listAccounts",
  method: "get",
  path: "/accounts",
  tag: TAG,
  summary: "List the accounts directly below an account",
  description: "Manage Accounts: the child accounts of `parentId` (the key's own account when omitted), with its search and filters. Ordered by `sort` then name, then id.",
  scope: "read",
  query: pageQuerySchema.extend({
    parentId: subjectIdSchema.optional().meta({ description: "The account whose children to list (the key's account or one below it); the key's account by default." }),
    q: text().trim().max(200, "Keep the search under 200 characters.").optional().meta({ description: "Part of the name or of the User Center id (literal, case-insensitive)." }),
    kind: z.enum(["MSSP", "CUSTOMER"], { error: "Choose MSSP or CUSTOMER." }).optional(),
    status: z.enum(["ACTIVE", "IN_TRIAL", "INACTIVE"], { error: "Choose ACTIVE, IN_TRIAL or INACTIVE." }).optional(),
    sort: z.enum(CHILD_ACCOUNT_SORTS, { error: `Choose ${CHILD_ACCOUNT_SORTS.join(", ")}.` }).default("name"),
    dir: z.enum(["asc", "desc"], { error: "Choose asc or desc." }).default("asc"),
  }),
  response: { status: 200, description: "A page of accounts.", schema: pageOf(accountSchema, "AccountPage") },
  errors: [400, 404],
  async handle({ actor, query }) {
    const page = await listChildAccounts(db, {
      actor,
      accountId: query.parentId ?? actor.apiKey!.accountId,
      filters: { q: query.q || undefined, kind: query.kind, status: query.status, sort: query.sort, dir: query.dir, page: apiPageRequest(query.cursor), pageSize: query.limit, strictCursor: true },
    });
    return apiPage(page, accountJson);
  },
});

export const getAccountOperation = defineOperation({
  operationId: "getAccount",
  method: "get",
  path: "/accounts/{accountId}",
  tag: TAG,
  summary: "Get an account",
  description: "The key's own account or any account below it.",
  scope: "read",
  params: accountParams,
  response: { status: 200, description: "The account.", schema: accountSchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => readAccount(actor, params.accountId),
});

export const createAccountOperation = defineOperation({
  operationId: "createAccount",
  method: "post",
  path: "/accounts",
  tag: TAG,
  summary: "Create a child account",
  description:
    "Creates an account directly below `parentId`, with the rules of the portal's Create account: a distributor creates MSSPs, an MSSP creates customers and MSSPs, a customer none (403 `CHILD_KIND_NOT_ALLOWED`); a User Center id links one account only (409 `USER_CENTER_ID_TAKEN`); a trial needs an end date after today.",
  scope: "write",
  body: z
    .object({ parentId: text({ error: "Give the parent account's id." }).min(1, "Give the parent account's id.").meta({ format: "uuid", description: "The account the new one goes below." }) })
    .and(createAccountSchema),
  response: { status: 201, description: "The account created.", schema: accountSchema },
  errors: [400, 403, 404, 409],
  async handle({ actor, body }) {
    const { parentId, ...input } = body;
    const account = await createAccount(db, { actor, parentId, input });
    return readAccount(actor, account.id);
  },
});

export const changeAccountStatusOperation = defineOperation({
  operationId: "changeAccountStatus",
  method: "post",
  path: "/accounts/{accountId}/status",
  tag: TAG,
  summary: "Inactivate or activate an account",
  description:
    "`INACTIVE` inactivates an active or trial account (its people can no longer sign in; billing stops from its next local day); `ACTIVE` reactivates an inactive account or ends a trial. Decided from above: the key's own account answers 403 `STATUS_MANAGED_ABOVE`; an account already in that status answers 409 `STATUS_CHANGE_NOT_ALLOWED`. Send the ETag you read in `If-Match` to refuse overwriting a change made since (412).",
  scope: "write",
  params: accountParams,
  body: z.object({
    status: z.enum(["ACTIVE", "INACTIVE"], { error: "Choose ACTIVE or INACTIVE." }),
    reason: text().trim().max(500, "Keep the reason under 500 characters.").optional().meta({ description: "Kept in the audit log." }),
  }),
  response: { status: 200, description: "The account after the change.", schema: accountSchema },
  errors: [400, 403, 404, 409, 412],
  etag: "match",
  async handle({ actor, params, body, ifMatch }) {
    await changeAccountStatus(db, {
      actor,
      accountId: params.accountId,
      change: { to: body.status },
      reason: body.reason || undefined,
      precondition: ifMatch.precondition((tx) => getAccountRow(tx, { actor, accountId: params.accountId }).then(accountJson)),
    });
    return readAccount(actor, params.accountId);
  },
});
