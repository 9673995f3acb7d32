import type { DbTx } from "../../src/server/db";
import { generateWebhookSecret } from "../../src/server/webhooks/webhook-secret";

/**
 * One example webhook endpoint for Bluewave Security, switched off so the demo never posts
 * to the internet: switch it on (or add one pointing at your own receiver) on the Webhooks page.
 */
export async function seedDemoWebhooks(db: DbTx, now: Date): Promise<void> {
  const bluewave = await db.account.findFirstOrThrow({ where: { name: "Bluewave Security" }, select: { id: true } });
  await db.webhookEndpoint.create({
    data: {
      accountId: bluewave.id,
      url: "https://psa.example.com/webhooks/msp-portal",
      description: "Example: PSA integration (switched off)",
      eventTypes: ["contract.created", "contract.updated", "contract.canceled", "statement.finalized", "usage.month_finalized"],
      enabled: false,
      disabledAt: now,
      disabledReason: "MANUAL",
      secret: generateWebhookSecret(),
      createdBy: "demo seed",
      createdAt: now,
    },
  });
}
