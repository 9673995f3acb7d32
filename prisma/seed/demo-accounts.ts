import { randomUUID } from "node:crypto";
import type { AccountKind, AccountStatus, Role } from "../../src/generated/prisma/client";
import type { DbTx } from "../../src/server/db";
import { addDaysIso, isoDateToDb, todayIn } from "../../src/lib/dates";
import { childPath, rootPath } from "../../src/server/auth/reach";
import { recordAuditEvent } from "../../src/server/audit/record-audit-event";

export const DEMO_PASSWORD = "Portal-demo-2026!";

export interface DemoLogin {
  email: string;
  role: Role;
  account: string;
  kind: AccountKind;
  inactive?: boolean;
}

interface AccountSpec {
  name: string;
  kind: AccountKind;
  status?: AccountStatus;
  trialDays?: number;
  timezone?: string;
  userCenterId?: string;
  users?: { email: string; name: string; role: Role }[];
  children?: AccountSpec[];
}

const customers = (names: string[], timezone: string): AccountSpec[] =>
  names.map((name) => ({ name, kind: "CUSTOMER", timezone }));

/** Realistic tree: one distributor, three MSSPs (one with an MSSP child), enough customers to paginate. */
const DEMO_TREE: AccountSpec = {
  name: "Northwind Distribution",
  kind: "DISTRIBUTOR",
  timezone: "Europe/Madrid",
  userCenterId: "UC-100200",
  users: [{ email: "dana.distributor@northwind.example", name: "Dana Ortiz", role: "ADMIN" }],
  children: [
    {
      name: "Bluewave Security",
      kind: "MSSP",
      timezone: "Europe/London",
      userCenterId: "UC-200310",
      users: [
        { email: "mia.admin@bluewave.example", name: "Mia Laurent", role: "ADMIN" },
        { email: "victor.viewer@bluewave.example", name: "Victor Chen", role: "VIEWER" },
        { email: "bill.finance@bluewave.example", name: "Bilal Hassan", role: "BILLING" },
      ],
      children: [
        {
          name: "Harbor Community Bank",
          kind: "CUSTOMER",
          timezone: "America/New_York",
          userCenterId: "UC-300415",
          users: [
            { email: "carla.admin@harborbank.example", name: "Carla Nguyen", role: "ADMIN" },
            { email: "ted.viewer@harborbank.example", name: "Ted Morales", role: "VIEWER" },
          ],
        },
        { name: "Alpine Dental Group", kind: "CUSTOMER", status: "IN_TRIAL", trialDays: 12, timezone: "Europe/Zurich" },
        { name: "Greenfield Logistics", kind: "CUSTOMER", status: "INACTIVE", timezone: "Europe/London",
          users: [{ email: "gary.admin@greenfield.example", name: "Gary Walsh", role: "ADMIN" }] },
        { name: "Pacific Rim Hotels", kind: "CUSTOMER", timezone: "Pacific/Honolulu" },
        { name: "Kiritimati Research Station", kind: "CUSTOMER", timezone: "Pacific/Kiritimati" },
        { name: "Meridian Law Partners", kind: "CUSTOMER", status: "IN_TRIAL", trialDays: 25, timezone: "Europe/London" },
        ...customers(
          [
            "Atlas Engineering", "Beacon Pharmacy", "Cedar Grove Schools", "Delta Freight Forwarding",
            "Evergreen Veterinary", "Foxglove Architects", "Granite Insurance Brokers", "Hillside Medical Centre",
            "Ivory Coast Coffee Roasters", "Juniper Accounting", "Keystone Builders", "Lighthouse Marinas",
            "Maple Street Bakery", "Northgate Retail", "Orchard Family Clinic", "Pioneer Credit Union",
            "Quayside Property", "Riverside Dental", "Summit Outdoor Gear", "Tidewater Shipping",
          ],
          "Europe/London",
        ),
        {
          name: "Bluewave Iberia",
          kind: "MSSP",
          timezone: "Europe/Madrid",
          users: [{ email: "ines.admin@bluewave-iberia.example", name: "Inés Romero", role: "ADMIN" }],
          children: customers(["Clínica Sant Jordi", "Hotel Mar Azul", "Bodegas Ribera"], "Europe/Madrid"),
        },
      ],
    },
    {
      name: "Ironclad MSSP",
      kind: "MSSP",
      timezone: "America/Chicago",
      users: [{ email: "omar.admin@ironclad.example", name: "Omar Farouk", role: "ADMIN" }],
      children: customers(
        [
          "Prairie Wind Energy", "Lakeshore Credit", "Mesa Verde Clinics", "Canyon Auto Group",
          "Bluebonnet Schools", "Gulf Coast Marine", "Ozark Outfitters", "Red River Foods",
        ],
        "America/Chicago",
      ),
    },
    {
      name: "Cobalt Managed Services",
      kind: "MSSP",
      status: "IN_TRIAL",
      trialDays: 20,
      timezone: "Australia/Sydney",
      users: [{ email: "zoe.admin@cobalt.example", name: "Zoe Park", role: "ADMIN" }],
      children: customers(["Harbourside Cafe Group", "Southern Cross Legal", "Bondi Surf Co"], "Australia/Sydney"),
    },
  ],
};

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** Creates the demo tree and its people; returns one login per role and kind. */
export async function seedDemoAccounts(db: DbTx, passwordHash: string, now = new Date()): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  const create = async (spec: AccountSpec, parent: { id: string; path: string; depth: number } | null) => {
    const id = randomUUID();
    const path = parent ? childPath(parent.path, id) : rootPath(id);
    const depth = parent ? parent.depth + 1 : 0;
    const status = spec.status ?? "ACTIVE";
    const timezone = spec.timezone ?? "UTC";
    await db.account.create({
      data: {
        id,
        name: spec.name,
        kind: spec.kind,
        status,
        // Trial days count from the account's own today, not the UTC one.
        trialEndsOn: status === "IN_TRIAL" ? isoDateToDb(addDaysIso(todayIn(timezone, now), spec.trialDays ?? 30)) : null,
        billingTimezone: timezone,
        userCenterId: spec.userCenterId ?? null,
        parentId: parent?.id ?? null,
        path,
        depth,
        // The demo tenants have history: contracts and telemetry reach back more than a year.
        createdAt: addDays(now, -800),
      },
    });
    await recordAuditEvent(db, { system: "seed" }, {
      accountId: id,
      action: "account.created",
      objectType: "account",
      objectId: id,
      after: { name: spec.name, kind: spec.kind, status },
    });
    for (const person of spec.users ?? []) {
      const user = await db.user.create({ data: { email: person.email, name: person.name, passwordHash } });
      await db.membership.create({ data: { accountId: id, userId: user.id, role: person.role } });
      logins.push({ email: person.email, role: person.role, account: spec.name, kind: spec.kind, inactive: status === "INACTIVE" });
    }
    for (const child of spec.children ?? []) await create(child, { id, path, depth });
  };
  await create(DEMO_TREE, null);
  return logins;
}
