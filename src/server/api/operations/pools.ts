import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import { getPartnerInReach } from "@/server/accounts/get-partner-in-reach";
import { getAnnualPools } from "@/server/pools/get-annual-pools";
import { getMonthlyPools } from "@/server/pools/get-monthly-pools";
import { listAnnualAssignments } from "@/server/pools/list-annual-assignments";
import { annualAssignmentJson, annualAssignmentSchema, poolsJson, poolsSchema } from "@/server/pools/pools-json";
import { getPointsLedger } from "@/server/points/list-points-ledger";
import { pointsEntryJson, pointsEntrySchema } from "@/server/points/points-json";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* A partner's licence pools and points, read only (docs/pools-and-points.md). */

const TAG = "Pools";
const partnerQuery = z.object({
  partnerId: subjectIdSchema.meta({ description: "The partner (MSSP): the key's account or one below it. Another kind of account is 422 POOLS_ONLY_FOR_MSSP." }),
});

export const getPoolsOperation = defineOperation({
  operationId: "getPools",
  method: "get",
  path: "/pools",
  tag: TAG,
  summary: "A partner's licence pools and points balance",
  description: "The annual pools (available licences per product and term) with the distributor's price tiers, the monthly pools with their next renewal's forecast, and the points balance.",
  scope: "read",
  query: partnerQuery,
  response: { status: 200, description: "The partner's pools.", schema: poolsSchema },
  errors: [404, 422],
  etag: "read",
  async handle({ actor, query }) {
    const now = new Date();
    // The annual pools come with a page of assignments; one row is enough here (they have their own list).
    const [annual, monthly] = await Promise.all([
      getAnnualPools(db, { actor, partnerId: query.partnerId, now, pageSize: 1 }),
      getMonthlyPools(db, { actor, partnerId: query.partnerId, now, pageSize: 1 }),
    ]);
    return poolsJson(annual, monthly);
  },
});

export const listAnnualAssignmentsOperation = defineOperation({
  operationId: "listAnnualAssignments",
  method: "get",
  path: "/pools/annual-assignments",
  tag: TAG,
  summary: "List a partner's assigned annual licences",
  description: "Newest first: client, product, licences, term, the busiest day of the term so far and what can be recovered now.",
  scope: "read",
  query: pageQuerySchema.extend(partnerQuery.shape),
  response: { status: 200, description: "A page of assignments.", schema: pageOf(annualAssignmentSchema, "AnnualAssignmentPage") },
  errors: [404, 422],
  async handle({ actor, query }) {
    const partner = await getPartnerInReach(db, actor, query.partnerId);
    const page = await listAnnualAssignments(db, { partnerId: partner.id, page: apiPageRequest(query.cursor), pageSize: query.limit, now: new Date(), strictCursor: true });
    return apiPage(page, annualAssignmentJson);
  },
});

export const listPointsEntriesOperation = defineOperation({
  operationId: "listPointsEntries",
  method: "get",
  path: "/points/entries",
  tag: TAG,
  summary: "List a partner's points ledger",
  description: "Every credit, exchange and renewal of points, newest first, with the balance after each.",
  scope: "read",
  query: pageQuerySchema.extend(partnerQuery.shape),
  response: { status: 200, description: "A page of the ledger.", schema: pageOf(pointsEntrySchema, "PointsEntryPage") },
  errors: [404, 422],
  async handle({ actor, query }) {
    const ledger = await getPointsLedger(db, { actor, partnerId: query.partnerId, page: apiPageRequest(query.cursor), pageSize: query.limit, strictCursor: true });
    return apiPage(ledger.entries, pointsEntryJson);
  },
});
