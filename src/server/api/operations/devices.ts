import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { deviceJson, deviceSchema } from "@/server/devices/device-json";
import { DEVICE_SORTS, getDeviceRow, listDevices } from "@/server/devices/list-devices";
import { pairDevice } from "@/server/devices/pair-device";
import { defineOperation } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, subjectIdSchema } from "../api-schemas";

/* Devices through the API: the Devices list and the "Paired to" choice (docs/end-users-and-devices.md#devices). */

const TAG = "Devices";
const deviceParams = z.object({ deviceId: subjectIdSchema.meta({ description: "The device's id." }) });

const readDevice = (actor: Actor, deviceId: string) => getDeviceRow(db, { actor, deviceId }).then(deviceJson);

export const listDevicesOperation = defineOperation({
  operationId: "listDevices",
  method: "get",
  path: "/devices",
  tag: TAG,
  summary: "List the devices of an account and the accounts below it",
  description: "The Devices page of `accountId` (the key's own account when omitted) with its search, filters and sorts; ties by id in the sort's direction.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.optional().meta({ description: "The account whose devices to list (the key's account or one below it); the key's account by default." }),
    q: text().trim().max(200, "Keep the search under 200 characters.").optional().meta({ description: "Part of the device id or name (literal, case-insensitive)." }),
    kind: z.enum(["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT"], { error: "Choose GATEWAY, ENDPOINT, USER_SEAT or ACCESS_POINT." }).optional(),
    pairing: z.enum(["PAIRED", "STANDALONE"], { error: "Choose PAIRED or STANDALONE." }).optional().meta({ description: "Paired to an end user, or standalone." }),
    silentDays: z.coerce
      .number({ error: "Give silentDays as a whole number of days from 1 to 3650." })
      .int("Give silentDays as a whole number of days from 1 to 3650.")
      .min(1, "Give silentDays as a whole number of days from 1 to 3650.")
      .max(3650, "Give silentDays as a whole number of days from 1 to 3650.")
      .optional()
      .meta({ description: "Only devices silent for at least this many days (never seen counts as silent)." }),
    sort: z.enum(DEVICE_SORTS, { error: `Choose ${DEVICE_SORTS.join(", ")}.` }).default("externalId"),
    dir: z.enum(["asc", "desc"], { error: "Choose asc or desc." }).default("asc"),
  }),
  response: { status: 200, description: "A page of devices.", schema: pageOf(deviceSchema, "DevicePage") },
  errors: [400, 404],
  async handle({ actor, query }) {
    const page = await listDevices(db, {
      actor,
      accountId: query.accountId ?? actor.apiKey!.accountId,
      filters: {
        q: query.q || undefined,
        kind: query.kind,
        pairing: query.pairing === "PAIRED" ? "paired" : query.pairing === "STANDALONE" ? "standalone" : undefined,
        silentDays: query.silentDays,
        sort: query.sort,
        dir: query.dir,
      },
      page: apiPageRequest(query.cursor),
      pageSize: query.limit,
      strictCursor: true,
    });
    return apiPage(page, deviceJson);
  },
});

export const getDeviceOperation = defineOperation({
  operationId: "getDevice",
  method: "get",
  path: "/devices/{deviceId}",
  tag: TAG,
  summary: "Get a device",
  scope: "read",
  params: deviceParams,
  response: { status: 200, description: "The device.", schema: deviceSchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => readDevice(actor, params.deviceId),
});

export const pairDeviceOperation = defineOperation({
  operationId: "pairDevice",
  method: "post",
  path: "/devices/{deviceId}/pairing",
  tag: TAG,
  summary: "Pair a device to an end user, or make it standalone",
  description:
    "The Devices page's \"Paired to\": `endUserId` an end user of the device's own account (else 400 naming `endUserId`), or null to unpair. Only endpoints and user seats are paired to a person (422 `DEVICE_NOT_PAIRABLE` for a gateway or an access point). Honours `If-Match` (412).",
  scope: "write",
  params: deviceParams,
  body: z.object({
    endUserId: text({ error: "Give the end user's id, or null to unpair." }).nullable().meta({ format: "uuid", description: "The end user to pair to; null makes the device standalone." }),
  }),
  response: { status: 200, description: "The device after the change.", schema: deviceSchema },
  errors: [400, 403, 404, 412, 422],
  etag: "match",
  async handle({ actor, params, body, ifMatch }) {
    await pairDevice(db, {
      actor,
      deviceId: params.deviceId,
      endUserId: body.endUserId,
      precondition: ifMatch.precondition((tx) => getDeviceRow(tx, { actor, deviceId: params.deviceId }).then(deviceJson)),
    });
    return readDevice(actor, params.deviceId);
  },
});
