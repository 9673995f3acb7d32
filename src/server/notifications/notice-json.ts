import { z } from "zod";
import "zod-openapi";
import type { NoticeRow } from "./list-notices";

/* Notices as the API answers them (docs/api.md#notices): the in-app Notifications list. */

export const noticeSchema = z
  .object({
    id: z.guid(),
    accountId: z.guid(),
    account: z.string(),
    kind: z.string().meta({ description: "What the notice is about, e.g. licence.expiry, pool.renewal_shortfall." }),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().meta({ description: "The portal page it refers to (a path)." }),
    email: z.boolean().meta({ description: "Also sent by email." }),
    status: z.enum(["PENDING", "SENDING", "SENT", "FAILED", "SKIPPED", "IN_APP"]).meta({ description: "The email's delivery (IN_APP: no email asked for)." }),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Notice" });

export function noticeJson(row: NoticeRow): z.input<typeof noticeSchema> {
  return {
    id: row.id,
    accountId: row.accountId,
    account: row.accountName,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    email: row.email,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
