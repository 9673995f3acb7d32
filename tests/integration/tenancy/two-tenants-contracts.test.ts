import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { addContract } from "@/server/contracts/add-contract";
import { editContract } from "@/server/contracts/edit-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { archiveContract } from "@/server/contracts/archive-contract";
import { getContractRow, iterateContracts, listContracts } from "@/server/contracts/list-contracts";
import { syncUserCenter } from "@/server/contracts/sync-user-center";
import { activateService } from "@/server/contracts/activate-service";
import { commitContractImport, getContractImport, previewContractImport } from "@/server/contracts/import/contract-import";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { listApiKeys } from "@/server/api-keys/list-api-keys";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { editContractSchema } from "@/server/contracts/contract-input";
import { makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import {
  accountWrites,
  addPortalContract,
  contractSnapshot,
  DEFAULT_FILTERS,
  FAR_FUTURE_NOW,
  feedEntry,
  linkUserCenter,
  noonOf,
  portalInput,
  QSM_SDWAN,
  QSM_TP,
  syncOneContract,
} from "../../support/contract-factories";

const MISSING = "00000000-0000-4000-8000-000000000000";
const csv = (...lines: string[]) => new TextEncoder().encode(`Account,Service,Contract type,Quantity,Subscription reference\n${lines.join("\n")}\n`);

/**
 * Tenant A's admins against tenant B's accounts, contracts, imports and API
 * keys, for every contracts action: always NOT_FOUND — exactly as for an id
 * that does not exist — and nothing of B changes.
 */
type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/** Tenant A (the attacker) and tenant B with a contract of every kind, an API key and a clean import preview. */
async function twoTenants() {
  const a = await makeTenant("a");
  const b = await makeTenant("b");
  const bUc = await linkUserCenter(b.customer.id);
  await linkUserCenter(a.customer.id);
  const bPayg = await addPortalContract(b.msspAdmin.actor, b.customer.id, "PAYG");
  const bTrial = await addPortalContract(b.msspAdmin.actor, b.customer.id, "TRIAL");
  const bSub = await addPortalContract(b.msspAdmin.actor, b.grandCustomer.id, "SUBSCRIPTION");
  const bNfr = await addPortalContract(b.distributorAdmin.actor, b.mssp.id, "NFR");
  const bUcContract = await syncOneContract(b.msspAdmin.actor, b.customer.id, { service: "harmony-browse", package: "HB-STD", addOns: [] });
  const bKey = await createApiKey(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id, name: "B key" });
  const bImport = await previewContractImport(db, {
    actor: b.msspAdmin.actor,
    accountId: b.mssp.id,
    filename: "b.csv",
    bytes: csv(`${b.childMssp.id},harmony-browse,PAYG,4,`),
    now: FAR_FUTURE_NOW,
  });
  expect(bImport.errorCount).toBe(0);

  const bAccounts = [b.distributor, b.mssp, b.customer, b.childMssp, b.grandCustomer];
  const bContracts = [bPayg, bTrial, bSub, bNfr, bUcContract];
  const snapshotB = async () => ({
    writes: await Promise.all(bAccounts.map((account) => accountWrites(account.id))),
    contracts: await Promise.all(bContracts.map((contract) => contractSnapshot(contract.id))),
    keys: await db.apiKey.findMany({ where: { account: { path: { startsWith: b.distributor.path } } }, orderBy: { id: "asc" } }),
    imports: await db.contractImport.findMany({ where: { account: { path: { startsWith: b.distributor.path } } }, orderBy: { id: "asc" } }),
    accounts: await db.account.findMany({ where: { path: { startsWith: b.distributor.path } }, orderBy: { id: "asc" } }),
  });
  return { a, b, bUc, bUcContract, bKey, bImport, bAccounts, bContracts, snapshotB, before: await snapshotB() };
}

/** Every attempt must fail NOT_FOUND ("… was not found."), like an id that does not exist. */
async function expectAllNotFound(label: string, attempts: [string, () => Promise<unknown>][]) {
  for (const [name, attempt] of attempts) {
    const error = await expectAppError(attempt(), "NOT_FOUND").catch((failure: unknown) => {
      throw new Error(`${label} ${name}: ${String(failure)}`);
    });
    expect(error.message, `${label} ${name}`).toMatch(/ was not found\.$/);
  }
}

const ATTACKERS = [
  ["the MSSP admin", (a: Tenant) => a.msspAdmin],
  ["the distributor admin", (a: Tenant) => a.distributorAdmin],
] as const;

/**
 * Tenant A's admins against tenant B's accounts, contracts, imports and API
 * keys, for every contracts action: always NOT_FOUND — exactly as for an id
 * that does not exist — and nothing of B changes.
 */
describe("two tenants: contracts, imports and API keys", () => {
  it.each(ATTACKERS)("%s of A gets NOT_FOUND for every account-level action on B's accounts", async (_label, pick) => {
    const w = await twoTenants();
    const attacker = pick(w.a);
    const actor = attacker.actor;
    for (const accountId of [...w.bAccounts.map((account) => account.id), MISSING, "not-a-uuid"]) {
      // Thunks: each attempt starts only when checked, so no rejection goes unobserved.
      await expectAllNotFound(`on ${accountId}:`, [
        ["addContract", () => addContract(db, { actor, accountId, input: portalInput("PAYG"), now: FAR_FUTURE_NOW })],
        ["addContract NFR", () => addContract(db, { actor, accountId, input: portalInput("NFR", { service: "harmony-email-collaboration" }), now: FAR_FUTURE_NOW })],
        ["listContracts", () => listContracts(db, { actor, accountId, filters: { ...DEFAULT_FILTERS, showArchived: true }, pageSize: 10, now: FAR_FUTURE_NOW })],
        ["iterateContracts", async () => { for await (const _ of iterateContracts(db, { actor, accountId, filters: DEFAULT_FILTERS, now: FAR_FUTURE_NOW })) void _; }],
        ["syncUserCenter", () => syncUserCenter(db, { actor, accountId, feed: { contracts: [feedEntry()] }, now: FAR_FUTURE_NOW })],
        ["activateService", () => activateService(db, { actor, accountId, serviceId: w.bUcContract.serviceId })],
        ["createApiKey", () => createApiKey(db, { actor, accountId, name: "Planted key" })],
        ["revokeApiKey", () => revokeApiKey(db, { actor, accountId, keyId: w.bKey.id })],
        ["listApiKeys", () => listApiKeys(db, { actor, accountId })],
        ["previewContractImport", () => previewContractImport(db, { actor, accountId, filename: "x.csv", bytes: csv(`${w.b.customer.id},harmony-browse,PAYG,4,`), now: FAR_FUTURE_NOW })],
        ["getContractImport", () => getContractImport(db, { actor, accountId, importId: w.bImport.id })],
        ["commitContractImport", () => commitContractImport(db, { actor, accountId, importId: w.bImport.id, now: FAR_FUTURE_NOW })],
      ]);
    }
    // Their own account's id with B's object ids: still not found.
    const ownAccount = attacker === w.a.msspAdmin ? w.a.mssp.id : w.a.distributor.id;
    await expectAllNotFound("own account with B's ids:", [
      ["revokeApiKey", () => revokeApiKey(db, { actor, accountId: ownAccount, keyId: w.bKey.id })],
      ["getContractImport", () => getContractImport(db, { actor, accountId: ownAccount, importId: w.bImport.id })],
      ["commitContractImport", () => commitContractImport(db, { actor, accountId: ownAccount, importId: w.bImport.id, now: FAR_FUTURE_NOW })],
    ]);
    expect(await w.snapshotB()).toEqual(w.before);
  });

  it.each(ATTACKERS)("%s of A gets NOT_FOUND for every action on B's contracts", async (_label, pick) => {
    const w = await twoTenants();
    const actor = pick(w.a).actor;
    for (const contractId of [...w.bContracts.map((contract) => contract.id), MISSING, "not-a-uuid"]) {
      await expectAllNotFound(`on ${contractId}:`, [
        ["editContract quantity", () => editContract(db, { actor, contractId, input: editContractSchema.parse({ quantity: 77 }), now: FAR_FUTURE_NOW })],
        ["editContract AddOns", () => editContract(db, { actor, contractId, input: editContractSchema.parse({ addAddOns: [QSM_SDWAN], removeAddOns: [QSM_TP] }), now: FAR_FUTURE_NOW })],
        ["editContract trial", () => editContract(db, { actor, contractId, input: editContractSchema.parse({ trialExpiryAction: "EXPIRE" }), now: FAR_FUTURE_NOW })],
        ["cancelContract", () => cancelContract(db, { actor, contractId, input: { reason: "Hostile takeover" }, now: FAR_FUTURE_NOW })],
        ["cancelContract AddOn", () => cancelContract(db, { actor, contractId, input: { reason: "Hostile takeover", addOn: QSM_TP }, now: FAR_FUTURE_NOW })],
        ["archiveContract", () => archiveContract(db, { actor, contractId, now: noonOf("2045-01-01") })],
        ["getContractRow", () => getContractRow(db, { actor, contractId, now: FAR_FUTURE_NOW })],
      ]);
    }
    expect(await w.snapshotB()).toEqual(w.before);
  });

  it("A's own import, feed and lists that name B's accounts or contracts reach nothing of B", async () => {
    const w = await twoTenants();
    const { a, b } = w;
    // An import on A's own account naming B's accounts (by id, User Center ID or name): every row "not found".
    const sneaky = await previewContractImport(db, {
      actor: a.msspAdmin.actor,
      accountId: a.mssp.id,
      filename: "sneaky.csv",
      bytes: csv(
        `${b.customer.id},harmony-browse,PAYG,4,`,
        `${w.bUc},harmony-email-collaboration,SUBSCRIPTION,4,SO-1`,
        `${b.mssp.id},harmony-browse,NFR,,`,
        `${b.customer.name},harmony-browse,PAYG,4,`,
      ),
      now: FAR_FUTURE_NOW,
    });
    const notFound = (reference: string) => `Account: "${reference}" was not found. Use the account's name, its id or its User Center ID.`;
    expect(sneaky.rows.map((row) => row.error)).toEqual([notFound(b.customer.id), notFound(w.bUc), notFound(b.mssp.id), notFound(b.customer.name)]);
    await expectAppError(commitContractImport(db, { actor: a.msspAdmin.actor, accountId: a.mssp.id, importId: sneaky.id, now: FAR_FUTURE_NOW }), "RULE_VIOLATION", "IMPORT_HAS_ERRORS");

    // A's own User Center feed naming B's contract id neither moves nor changes B's contract:
    // ids are scoped per account, so A gets its own row and learns nothing about B.
    const report = await syncUserCenter(db, {
      actor: a.msspAdmin.actor,
      accountId: a.customer.id,
      feed: { contracts: [feedEntry({ contractId: w.bUcContract.externalId!, service: "harmony-browse", package: "HB-STD", addOns: [], quantity: 1 })] },
      now: FAR_FUTURE_NOW,
    });
    expect(report).toMatchObject({ created: [w.bUcContract.externalId], updated: [], unchanged: [], errors: [] });

    // A's listing shows its own synced row only, nothing of B.
    const aRows = await listContracts(db, { actor: a.msspAdmin.actor, accountId: a.customer.id, filters: { ...DEFAULT_FILTERS, showArchived: true }, pageSize: 50, now: FAR_FUTURE_NOW });
    expect(aRows.total).toBe(1);
    expect(aRows.rows[0]!.id).not.toBe(w.bUcContract.id);

    // Nothing of B changed, and B's own key and import still work for B.
    expect(await w.snapshotB()).toEqual(w.before);
    await expect(listApiKeys(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id })).resolves.toHaveLength(1);
    const committed = await commitContractImport(db, { actor: b.msspAdmin.actor, accountId: b.mssp.id, importId: w.bImport.id, now: FAR_FUTURE_NOW });
    expect(committed.imported).toBe(1);
  });
});
