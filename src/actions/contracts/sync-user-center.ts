"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { invalid } from "@/lib/errors";
import { portalAction } from "@/server/edge/portal-action";
import { fetchUserCenterFeed, parseUserCenterFeed, syncUserCenter } from "@/server/contracts/sync-user-center";
import { db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { accountIds } from "./contract-action-input";

export const syncUserCenterAction = portalAction(
  accountIds.extend({ file: z.instanceof(File).optional() }),
  async ({ accountId, file }, actor) => {
    // Reach first: never call the feed for an account the caller cannot see.
    const { account } = await getAccountInReach(db, actor, accountId);
    let raw: unknown;
    if (file && file.size > 0) {
      try {
        raw = JSON.parse(await file.text());
      } catch {
        throw invalid("The feed file is not valid JSON.", { file: ["Upload the User Center feed as a .json file."] });
      }
    } else {
      raw = await fetchUserCenterFeed(account.userCenterId ?? "");
    }
    const report = await syncUserCenter(db, { actor, accountId, feed: parseUserCenterFeed(raw) });
    revalidatePath(`/a/${accountId}/contracts`);
    return {
      status: "ok",
      message: `Synced with the User Center: ${report.created.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged${report.errors.length ? `, ${report.errors.length} with errors` : ""}.`,
      data: { report: JSON.stringify(report) },
      at: Date.now(),
    };
  },
);
