import { NextResponse } from "next/server";
import { db } from "@/server/db";
import { cronAuthorised, cronUnauthorised } from "@/server/edge/cron-route";
import { deliverDueNotices } from "@/server/notifications/deliver-notices";
import { createMailerFromEnv } from "@/server/notifications/mailer";

export const dynamic = "force-dynamic";
export const maxDuration = 120;

/**
 * Sends the notices waiting in the outbox (new ones and retries that came due).
 * /api/cron/meter does the same after its daily run; call this one every few
 * minutes so a retry after an SMTP failure does not wait for the next day.
 */
async function handle(request: Request): Promise<Response> {
  if (!cronAuthorised(request)) return cronUnauthorised();
  const notices = await deliverDueNotices(db, { now: new Date(), mailer: createMailerFromEnv() });
  return NextResponse.json({ notices });
}

export const GET = handle;
export const POST = handle;
