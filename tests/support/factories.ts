import { randomUUID } from "node:crypto";
import type { AccountKind, AccountStatus, Role } from "../../src/generated/prisma/client";
import { db } from "../../src/server/db";
import { childPath, rootPath, type Actor } from "../../src/server/auth/reach";
import { loadActor } from "../../src/server/auth/load-actor";
import { hashPassword } from "../../src/server/auth/password";

export const TEST_PASSWORD = "correct-horse-battery";
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export interface TestAccount {
  id: string;
  name: string;
  path: string;
  depth: number;
  kind: AccountKind;
}

/**
 * When test tenants come into existence. Tests pin their instants (2027, 2028, …) and
 * metering never counts a day before its account existed: an account created at the real
 * clock would stop those tests from metering anything once the real date passes the days
 * they pin. A test about an account's creation day sets createdAt itself.
 */
export const TENANTS_EXIST_SINCE = new Date("2020-01-01T00:00:00Z");

export async function makeAccount(options: {
  kind: AccountKind;
  parent?: TestAccount;
  name?: string;
  status?: AccountStatus;
  trialEndsOn?: Date;
  billingTimezone?: string;
}): Promise<TestAccount> {
  const id = randomUUID();
  const path = options.parent ? childPath(options.parent.path, id) : rootPath(id);
  const depth = options.parent ? options.parent.depth + 1 : 0;
  const name = options.name ?? unique(options.kind.toLowerCase());
  await db.account.create({
    data: {
      id,
      name,
      kind: options.kind,
      status: options.status ?? "ACTIVE",
      trialEndsOn: options.trialEndsOn ?? null,
      billingTimezone: options.billingTimezone ?? "UTC",
      parentId: options.parent?.id ?? null,
      path,
      depth,
      createdAt: TENANTS_EXIST_SINCE,
    },
  });
  return { id, name, path, depth, kind: options.kind };
}

export async function makeUser(options: { account: TestAccount; role: Role; email?: string }) {
  const email = options.email ?? `${unique("user")}@example.test`;
  const user = await db.user.create({
    data: { email, name: `Test ${email.split("@")[0]}`, passwordHash: await passwordHash() },
  });
  const membership = await db.membership.create({
    data: { accountId: options.account.id, userId: user.id, role: options.role },
  });
  return { user, membership, email };
}

export async function actorFor(userId: string): Promise<Actor> {
  const actor = await loadActor(db, userId);
  if (!actor) throw new Error("test user has no usable membership");
  return actor;
}

/** A user with one membership, ready to act. */
export async function makeActor(account: TestAccount, role: Role = "ADMIN") {
  const { user, membership, email } = await makeUser({ account, role });
  return { actor: await actorFor(user.id), user, membership, email };
}

/**
 * A whole tenant: distributor → MSSP → (customer, MSSP child → customer), with
 * an admin, viewer and billing user on the MSSP and an admin on the customer.
 */
export async function makeTenant(label = "tenant") {
  const distributor = await makeAccount({ kind: "DISTRIBUTOR", name: unique(`${label}-dist`) });
  const mssp = await makeAccount({ kind: "MSSP", parent: distributor, name: unique(`${label}-mssp`) });
  const customer = await makeAccount({ kind: "CUSTOMER", parent: mssp, name: unique(`${label}-customer`) });
  const childMssp = await makeAccount({ kind: "MSSP", parent: mssp, name: unique(`${label}-child-mssp`) });
  const grandCustomer = await makeAccount({ kind: "CUSTOMER", parent: childMssp, name: unique(`${label}-grand`) });
  return {
    distributor,
    mssp,
    customer,
    childMssp,
    grandCustomer,
    distributorAdmin: await makeActor(distributor, "ADMIN"),
    msspAdmin: await makeActor(mssp, "ADMIN"),
    msspViewer: await makeActor(mssp, "VIEWER"),
    msspBilling: await makeActor(mssp, "BILLING"),
    customerAdmin: await makeActor(customer, "ADMIN"),
  };
}
