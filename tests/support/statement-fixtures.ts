import { db } from "@/server/db";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { runStatements } from "@/server/billing/statements/run-statements";
import { makeTenant } from "./factories";
import { AD360, insertContract, QSM } from "./contract-factories";
import { insertMeteredDays, insertPriceBook } from "./money-fixtures";

/** The clock of billedTenant's statements run: January 2034 is final, February open. */
export const STATEMENTS_NOW = new Date("2034-02-05T12:00:00Z");
const NOW = STATEMENTS_NOW;

/** Distributor → MSSP and MSSP → customer and child MSSP: January final, February a draft. */
export async function billedTenant(label: string) {
  const t = await makeTenant(label);
  await insertPriceBook(t.distributor.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2034-01", minor: 900 }], { name: "Partners" });
  await insertPriceBook(t.mssp.id, [{ sku: "QSM-MGMT-STD", kind: "PAYG_UNIT", from: "2034-01", minor: 1250 }], { name: "Customers" });
  for (const account of [t.customer, t.grandCustomer]) {
    await insertContract({ accountId: account.id, type: "PAYG", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: null, quantity: 20 });
    await insertMeteredDays(account.id, QSM, "2034-01-01", 31, 3);
  }
  await insertContract({ accountId: t.customer.id, type: "NFR", serviceCode: AD360, registeredOn: "2034-01-01", expiresOn: "2034-12-31", quantity: 5 });
  await rollUpMonths(db, { now: NOW, accountIds: [t.customer.id, t.grandCustomer.id] });
  await runStatements(db, { now: NOW, sellerIds: [t.distributor.id, t.mssp.id, t.childMssp.id] });
  const statements = await db.statement.findMany({ where: { seller: { path: { startsWith: t.distributor.path } } } });
  const find = (sellerId: string, buyerId: string, status: "DRAFT" | "FINAL") => statements.find((s) => s.sellerAccountId === sellerId && s.accountId === buyerId && s.status === status)!;
  return {
    t,
    statements,
    upward: find(t.distributor.id, t.mssp.id, "FINAL"),
    upwardDraft: find(t.distributor.id, t.mssp.id, "DRAFT"),
    customerFinal: find(t.mssp.id, t.customer.id, "FINAL"),
    customerDraft: find(t.mssp.id, t.customer.id, "DRAFT"),
    childFinal: find(t.mssp.id, t.childMssp.id, "FINAL"),
  };
}

