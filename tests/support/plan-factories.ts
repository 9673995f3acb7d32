import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { Actor } from "@/server/auth/reach";
import { addContract } from "@/server/contracts/add-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { registerGateway } from "@/server/gateways/register-gateway";
import { gatewayInputSchema } from "@/server/gateways/gateway-input";
import type { TestAccount } from "./factories";

/** A live PAYG contract for gateway management: the PAYG prerequisite of a plan's holder. */
export const paygContract = (actor: Actor, accountId: string) =>
  addContract(db, { actor, accountId, input: addContractSchema.parse({ service: "quantum-spark-management", type: "PAYG", quantity: 3 }) });

/** Registers a gateway of `owner` with a fresh serial number, in `planId` when given. */
export const makeGateway = (actor: Actor, owner: TestAccount, name: string, firmwareVersion = "R82.10", planId?: string) =>
  registerGateway(db, { actor, input: gatewayInputSchema.parse({ name, serialNumber: `SN-${randomUUID().slice(0, 12).toUpperCase()}`, firmwareVersion, accountId: owner.id, planId }) });

/** Everything of a tenant's plans and gateways that an attack must leave as it was. */
export async function plansSnapshot(root: TestAccount) {
  const scope = { path: { startsWith: root.path } };
  const [plans, gateways, audit] = await Promise.all([
    db.plan.findMany({ where: { account: scope }, orderBy: { id: "asc" } }),
    db.gateway.findMany({ where: { account: scope }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { account: scope } }),
  ]);
  return { plans, gateways, audit };
}
