import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import type { Contract } from "@/generated/prisma/client";
import { AppError, invalid, notFound } from "@/lib/errors";
import type { Db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { addContractInTransaction } from "@/server/contracts/add-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { customerInReach } from "@/server/accounts/customer-tenancy";
import { listHeldPackages } from "./held-packages";

export const addSubscriptionsSchema = z.object({
  service: text({ error: "Choose a service." }).trim().min(1, "Choose a service."),
  packageSkus: z.array(text().trim().min(1)).min(1, "Choose at least one package.").max(10, "At most 10 packages at once."),
  quantity: z.coerce
    .number({ error: "Enter the quantity threshold." })
    .int("Enter a whole number of users.")
    .min(1, "The quantity must be at least 1.")
    .max(1_000_000, "The quantity can be at most 1,000,000."),
  subscriptionReference: text({ error: "Enter the order / User Center reference." })
    .trim()
    .min(1, "A subscription needs its order / User Center reference.")
    .max(100, "Keep the reference under 100 characters."),
});
export type AddSubscriptionsInput = z.infer<typeof addSubscriptionsSchema>;

/**
 * "Add Subscriptions" from the MSP's Customers list: several packages of an
 * active-utilisation service at once (e.g. Core and Core+), each a
 * subscription contract of the customer, all or nothing in one transaction.
 * A package the customer already holds is refused, naming it.
 */
export async function addSubscriptions(
  db: Db,
  options: { actor: Actor; accountId: string; input: AddSubscriptionsInput; now?: Date },
): Promise<Contract[]> {
  const { actor, input } = options;
  return db.$transaction(async (tx) => {
    const { account } = await customerInReach(tx, actor, options.accountId, { permission: "account:read", lock: true });
    const service = await tx.service.findFirst({ where: { code: input.service, unit: "USER" }, include: { packages: true } });
    if (!service) throw invalid("Choose a service licensed per user.", { service: ["Unknown service."] });
    const skus = [...new Set(input.packageSkus)];
    const unknown = skus.find((sku) => !service.packages.some((pkg) => pkg.sku === sku));
    if (unknown) throw invalid(`${unknown} is not a package of ${service.name}.`, { packageSkus: [`Unknown package ${unknown}.`] });
    const held = await listHeldPackages(tx, account, options.now);
    const already = held.find((entry) => skus.includes(entry.sku));
    if (already) {
      throw new AppError("CONFLICT", `${account.name} already has a ${already.name} subscription.`, {
        reason: "SUBSCRIPTION_ALREADY_HELD",
        fieldErrors: { packageSkus: [`${already.name} is already subscribed.`] },
      });
    }
    const contracts: Contract[] = [];
    for (const sku of skus) {
      // The same rules, checks and audit trail as Add Contract (managed from above, service activated).
      const contractInput = addContractSchema.parse({
        service: service.code,
        type: "SUBSCRIPTION",
        packageSku: sku,
        quantity: input.quantity,
        subscriptionReference: input.subscriptionReference,
      });
      contracts.push(await addContractInTransaction(tx, { actor, accountId: account.id, input: contractInput, now: options.now }));
    }
    if (contracts.length === 0) throw notFound("Package");
    return contracts;
  });
}
