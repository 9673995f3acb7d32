import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The download route is called as the browser calls it; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import type { StatementFormat } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import { getStatement, getStatementFile } from "@/server/billing/statements/get-statement";
import { findStatementBuyer, listStatements, type StatementFilters } from "@/server/billing/statements/list-statements";
import { GET as download } from "@/app/(portal)/a/[accountId]/statements/[statementId]/download/route";
import { makeAccount, makeActor, makeTenant } from "../../support/factories";
import { insertContract, QSM } from "../../support/contract-factories";
import { insertMeteredDays } from "../../support/money-fixtures";
import { runStatements } from "@/server/billing/statements/run-statements";
import { rollUpMonths } from "@/server/metering/roll-up-months";
import { expectAppError } from "../../support/expect-app-error";
import { billedTenant, STATEMENTS_NOW as NOW } from "../../support/statement-fixtures";

/**
 * Statements across tenants and up the tree (docs/money.md#who-sees-money): tenant A's people never
 * list, open or download tenant B's statements — NOT_FOUND exactly as for a missing id — and a
 * customer never sees what its seller pays upward (the MSSP's statement from its distributor),
 * whichever account the URL names. Clocks pinned to 2034.
 */

const MISSING = "00000000-0000-4000-8000-000000000000";
const FORMATS: StatementFormat[] = ["PDF", "XLSX", "CSV"];
type Tenant = Awaited<ReturnType<typeof makeTenant>>;

const filters = (direction: StatementFilters["direction"], extra: Partial<StatementFilters> = {}): StatementFilters => ({ direction, ...extra });
const read = (actor: Actor, accountId: string, statementId: string) => getStatement(db, { actor, accountId, statementId, now: NOW });
const file = (actor: Actor, accountId: string, statementId: string, format: StatementFormat) => getStatementFile(db, { actor, accountId, statementId, format, now: NOW });

async function routeStatus(actor: Actor, accountId: string, statementId: string, format: string): Promise<number> {
  signedIn = actor;
  const response = await download(new Request(`http://portal.test/a/${accountId}/statements/${statementId}/download?format=${format}`), {
    params: Promise.resolve({ accountId, statementId }),
  });
  return response.status;
}

const accountsOf = (t: Tenant) => [t.distributor, t.mssp, t.customer, t.childMssp, t.grandCustomer];

describe("two tenants: statements", () => {
  it("another tenant's statements are NOT_FOUND to every role, through every read and download, like a missing id", async () => {
    const a = await billedTenant("stmt-ta");
    const b = await billedTenant("stmt-tb");
    expect(b.statements.length).toBeGreaterThanOrEqual(5);
    const missing = await expectAppError(read(a.t.msspAdmin.actor, a.t.mssp.id, MISSING), "NOT_FOUND");
    const missingAccount = await expectAppError(read(a.t.msspAdmin.actor, MISSING, MISSING), "NOT_FOUND");
    const attackers = [a.t.distributorAdmin, a.t.msspAdmin, a.t.msspViewer, a.t.msspBilling, a.t.customerAdmin].map((who) => who.actor);
    for (const actor of attackers) {
      for (const statement of b.statements) {
        // Through one's own accounts, through the other tenant's, and through nonsense.
        for (const accountId of [...accountsOf(a.t), ...accountsOf(b.t)].map((account) => account.id)) {
          const error = await expectAppError(read(actor, accountId, statement.id), "NOT_FOUND");
          expect([missing.message, missingAccount.message]).toContain(error.message);
          for (const format of FORMATS) await expectAppError(file(actor, accountId, statement.id, format), "NOT_FOUND");
        }
        expect(await routeStatus(actor, b.t.mssp.id, statement.id, "pdf")).toBe(404);
        expect(await routeStatus(actor, a.t.mssp.id, statement.id, "csv")).toBe(404);
      }
      for (const account of accountsOf(b.t)) {
        for (const direction of ["issued", "received"] as const) {
          await expectAppError(listStatements(db, { actor, accountId: account.id, filters: filters(direction), pageSize: 50 }), "NOT_FOUND");
        }
        await expectAppError(findStatementBuyer(db, { actor, accountId: account.id, buyerId: b.t.customer.id }), "NOT_FOUND");
      }
    }
    // A's own lists hold none of B's, even filtered by B's buyer.
    const bIds = new Set(b.statements.map((s) => s.id));
    for (const direction of ["issued", "received"] as const) {
      const page = await listStatements(db, { actor: a.t.msspAdmin.actor, accountId: a.t.mssp.id, filters: filters(direction), pageSize: 100 });
      expect(page.rows.length).toBeGreaterThan(0);
      expect(page.rows.some((row) => bIds.has(row.id))).toBe(false);
    }
    const foreignBuyer = await listStatements(db, { actor: a.t.msspAdmin.actor, accountId: a.t.mssp.id, filters: filters("issued", { buyerId: b.t.customer.id }), pageSize: 50 });
    expect(foreignBuyer.rows).toEqual([]);
    expect(await findStatementBuyer(db, { actor: a.t.msspAdmin.actor, accountId: a.t.mssp.id, buyerId: b.t.customer.id })).toBeNull();
  });

  it("a customer sees only what it owes; never its seller's cost, whichever account the URL names", async () => {
    const { t, upward, upwardDraft, customerFinal, customerDraft, childFinal } = await billedTenant("stmt-up");
    const customer = t.customerAdmin.actor;

    // Its own: listed as received, opened and downloaded.
    const received = await listStatements(db, { actor: customer, accountId: t.customer.id, filters: filters("received"), pageSize: 50 });
    expect(received.rows.map((row) => row.id).sort()).toEqual([customerFinal.id, customerDraft.id].sort());
    expect(received.rows.map((row) => row.counterparty)).toEqual([t.mssp.name, t.mssp.name]);
    expect((await listStatements(db, { actor: customer, accountId: t.customer.id, filters: filters("issued"), pageSize: 50 })).rows).toEqual([]);
    expect((await read(customer, t.customer.id, customerFinal.id)).direction).toBe("received");
    for (const format of FORMATS) expect((await file(customer, t.customer.id, customerFinal.id, format)).bytes.length).toBeGreaterThan(0);
    expect(await routeStatus(customer, t.customer.id, customerDraft.id, "xlsx")).toBe(200);

    // The MSSP's cost (its statements from the distributor) and its other buyers' statements: not found.
    for (const statement of [upward, upwardDraft, childFinal]) {
      for (const accountId of [t.customer.id, t.mssp.id, t.distributor.id, t.childMssp.id]) {
        await expectAppError(read(customer, accountId, statement.id), "NOT_FOUND");
        for (const format of FORMATS) await expectAppError(file(customer, accountId, statement.id, format), "NOT_FOUND");
      }
      expect(await routeStatus(customer, t.customer.id, statement.id, "pdf")).toBe(404);
    }
    for (const accountId of [t.mssp.id, t.distributor.id]) {
      await expectAppError(listStatements(db, { actor: customer, accountId, filters: filters("received"), pageSize: 50 }), "NOT_FOUND");
    }

    // Even the MSSP's own people reach its cost only through the MSSP, never through a customer's URL.
    const mssp = t.msspAdmin.actor;
    await expectAppError(read(mssp, t.customer.id, upward.id), "NOT_FOUND");
    expect((await read(mssp, t.mssp.id, upward.id)).direction).toBe("received");
    expect((await read(mssp, t.mssp.id, customerFinal.id)).direction).toBe("issued");
    expect((await read(mssp, t.customer.id, customerFinal.id)).direction).toBe("received");
    const msspReceived = await listStatements(db, { actor: mssp, accountId: t.mssp.id, filters: filters("received"), pageSize: 50 });
    expect(msspReceived.rows.map((row) => row.id).sort()).toEqual([upward.id, upwardDraft.id].sort());
    const msspIssued = await listStatements(db, { actor: mssp, accountId: t.mssp.id, filters: filters("issued", { status: "FINAL" }), pageSize: 50 });
    expect(msspIssued.rows.map((row) => row.id).sort()).toEqual([customerFinal.id, childFinal.id].sort());
    // The distributor reads what it issued to the MSSP.
    expect((await read(t.distributorAdmin.actor, t.distributor.id, upward.id)).direction).toBe("issued");
  });

  it("an MSSP never sees what its distributor bills another partner, whichever account the URL names", async () => {
    const { t, upward } = await billedTenant("stmt-sib");
    // A second partner of the same distributor, billed at the same distributor's prices.
    const sibling = await makeAccount({ kind: "MSSP", parent: t.distributor, name: `${t.mssp.name}-sibling` });
    const siblingCustomer = await makeAccount({ kind: "CUSTOMER", parent: sibling, name: `${t.mssp.name}-sibling-customer` });
    await insertContract({ accountId: siblingCustomer.id, type: "PAYG", serviceCode: QSM, registeredOn: "2034-01-01", expiresOn: null, quantity: 20 });
    await insertMeteredDays(siblingCustomer.id, QSM, "2034-01-01", 31, 2);
    await rollUpMonths(db, { now: NOW, accountIds: [siblingCustomer.id] });
    await runStatements(db, { now: NOW, sellerIds: [t.distributor.id] });
    const siblings = await db.statement.findMany({ where: { sellerAccountId: t.distributor.id, accountId: sibling.id } });
    expect(siblings.map((s) => s.status)).toEqual(["FINAL"]);

    const siblingAdmin = (await makeActor(sibling, "ADMIN")).actor;
    for (const actor of [t.msspAdmin.actor, t.msspBilling.actor, t.customerAdmin.actor]) {
      for (const statement of siblings) {
        for (const accountId of [t.mssp.id, t.customer.id, t.distributor.id, sibling.id, siblingCustomer.id]) {
          await expectAppError(read(actor, accountId, statement.id), "NOT_FOUND");
          for (const format of FORMATS) await expectAppError(file(actor, accountId, statement.id, format), "NOT_FOUND");
        }
        expect(await routeStatus(actor, t.mssp.id, statement.id, "pdf")).toBe(404);
      }
      await expectAppError(listStatements(db, { actor, accountId: sibling.id, filters: filters("received"), pageSize: 50 }), "NOT_FOUND");
      await expectAppError(listStatements(db, { actor, accountId: t.distributor.id, filters: filters("issued"), pageSize: 50 }), "NOT_FOUND");
    }
    // Its own received list holds its own statements from the distributor only; and the other way round.
    const received = await listStatements(db, { actor: t.msspAdmin.actor, accountId: t.mssp.id, filters: filters("received"), pageSize: 50 });
    expect(received.rows.some((row) => siblings.some((s) => s.id === row.id))).toBe(false);
    await expectAppError(read(siblingAdmin, sibling.id, upward.id), "NOT_FOUND");
    expect((await read(siblingAdmin, sibling.id, siblings.find((s) => s.status === "FINAL")!.id)).direction).toBe("received");
  });
});
