import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { LICENCE_MODULE_CODES } from "@/lib/labels";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { activateLicence } from "@/server/locations/activate-licence";
import { getLicenceData } from "@/server/locations/get-licence-data";
import { LICENCE_STATUSES, licenceJson, licenceSchema, licenceSummaryJson, licenceSummarySchema } from "@/server/locations/licence-json";
import { listLicences } from "@/server/locations/list-licences";
import { licenceRequestSchema } from "@/server/locations/location-input";
import { requestLicence } from "@/server/locations/request-licence";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { isoDaySchema, pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* Location licences through the API: the Licenses list, View license data, the licence request and Send Key (docs/location-licences.md). */

const TAG = "Location licences";

const readLicence = (actor: Actor, licenceId: string) => getLicenceData(db, { actor, licenceId }).then(licenceJson);

export const listLocationLicencesOperation = defineOperation({
  operationId: "listLocationLicences",
  method: "get",
  path: "/location-licences",
  tag: TAG,
  summary: "List location licences",
  description: "Every location licence of the account and the accounts below it, by end date (not yet started last), with the Licenses list's filters.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.meta({ description: "The account whose licences (and those of the accounts below it) to list." }),
    q: text().trim().max(100, "Keep the search under 100 characters.").optional().meta({ description: "Part of the licence key, the organisation's or the location's name." }),
    status: z.enum(LICENCE_STATUSES, { error: `Choose ${LICENCE_STATUSES.join(", ")}.` }).optional(),
    module: z.enum(LICENCE_MODULE_CODES, { error: `Choose ${LICENCE_MODULE_CODES.join(", ")}.` }).optional(),
    unit: z.enum(["ACCESS_POINTS", "ROOMS"], { error: "Choose ACCESS_POINTS or ROOMS." }).optional().meta({ description: "Licences of access points, or of rooms (hospitality)." }),
    endFrom: isoDaySchema.optional().meta({ description: "Ending on or after this day." }),
    endTo: isoDaySchema.optional().meta({ description: "Ending on or before this day." }),
  }),
  response: { status: 200, description: "A page of licences.", schema: pageOf(licenceSummarySchema, "LocationLicencePage") },
  errors: [404],
  async handle({ actor, query }) {
    const { accountId, limit, cursor, ...filters } = query;
    const page = await listLicences(db, {
      actor,
      accountId,
      filters: { ...filters, q: filters.q || undefined, sort: "endsOn", dir: "asc" },
      page: apiPageRequest(cursor),
      pageSize: limit,
      strictCursor: true,
    });
    return apiPage(page, licenceSummaryJson);
  },
});

export const getLocationLicenceOperation = defineOperation({
  operationId: "getLocationLicence",
  method: "get",
  path: "/location-licences/{licenceId}",
  tag: TAG,
  summary: "Get a location licence",
  description: "View license data: the licence, its partner and distributor, and the access points and rooms in use against its maximum.",
  scope: "read",
  params: z.object({ licenceId: subjectIdSchema.meta({ description: "The licence's id." }) }),
  response: { status: 200, description: "The licence.", schema: licenceSchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => readLicence(actor, params.licenceId),
});

export const requestLocationLicenceOperation = defineOperation({
  operationId: "requestLocationLicence",
  method: "post",
  path: "/location-licences",
  tag: TAG,
  summary: "Generate a location licence",
  description:
    "A distributor's key generates a licence (PENDING_PROVISION, with a new key) for a location below it: the location must sit below the partner, the partner below the distributor. `units` are access points, or rooms for a hospitality location.",
  scope: "write",
  body: licenceRequestSchema,
  response: { status: 201, description: "The licence generated.", schema: licenceSchema },
  errors: [403, 404],
  async handle({ actor, body }) {
    const licence = await requestLicence(db, { actor, input: body });
    return readLicence(actor, licence.id);
  },
});

export const sendLicenceKeyOperation = defineOperation({
  operationId: "sendLicenceKey",
  method: "post",
  path: "/location-licences/send-key",
  tag: TAG,
  summary: "Send a licence key to a location",
  description:
    "Provisions the licence of `key` on the location (PENDING_START: it starts at the location's 5th connection), or queues it as the renewal of a licence in use. A wrong key, a used one and another tenant's get one and the same refusal; after too many wrong keys on the account, 429 says when to retry.",
  scope: "write",
  body: z.object({
    locationId: z.uuid("Choose the location."),
    key: text({ error: "Enter the licence key." }).min(1, "Enter the licence key.").max(100, "Enter the 25-character licence key.").meta({ example: "7KQ2M-XW9TD-0B4RN-C8VJH-3PZ5E" }),
  }),
  response: { status: 200, description: "The licence as provisioned.", schema: licenceSchema },
  errors: [404, 409, 422],
  async handle({ actor, body }) {
    const licence = await activateLicence(db, { actor, locationId: body.locationId, key: body.key });
    return readLicence(actor, licence.id);
  },
});
