import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { db } from "@/server/db";
import { commitEndUserImport, previewEndUserImport } from "@/server/end-users/end-user-import";
import { createGroup } from "@/server/end-users/create-group";
import { addSubscriptions } from "@/server/subscriptions/add-subscriptions";
import { attachSubscriptionToGroup } from "@/server/end-users/attach-subscription-to-group";
import { makeAccount, makeTenant } from "../../support/factories";
import { expectAppError } from "../../support/expect-app-error";
import { dxPackages } from "../../support/subscription-fixtures";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("importing end users from CSV or Excel", () => {
  it("previews every row's error and writes nothing; a clean file imports all, with groups and their subscriptions", async () => {
    const t = await makeTenant("eu-import");
    const customer = await makeAccount({ kind: "CUSTOMER", parent: t.mssp });
    const admin = t.msspAdmin.actor;
    await addSubscriptions(db, { actor: admin, accountId: customer.id, input: { service: "defensx-web-security", packageSkus: ["DX-CORE-PLUS"], quantity: 5, subscriptionReference: "SO-I" } });
    const sales = await createGroup(db, { actor: admin, accountId: customer.id, input: { name: "Sales", description: "" } });
    await attachSubscriptionToGroup(db, { actor: admin, accountId: customer.id, packageId: (await dxPackages()).corePlus.id, groupId: sales.id });

    const bad = await previewEndUserImport(db, {
      actor: admin,
      accountId: customer.id,
      filename: "users.csv",
      bytes: bytes("Name,Email,External id,Groups\nAna,ana@example.test,ana,Sales\n,nobody@example.test,x1,\nBen,not-an-email,ben,\nCy,,ana,\nDi,,di,Marketing\n"),
    });
    expect(bad.errorCount).toBe(4);
    expect(bad.rows.map((row) => [row.line, row.error ?? "OK"])).toEqual([
      [2, "OK"],
      [3, "Name: Enter the user's name."],
      [4, "Email: Enter a valid email address."],
      [5, "External id: ana appears twice in the file."],
      [6, 'Groups: there is no group named "Marketing".'],
    ]);
    await expectAppError(commitEndUserImport(db, { actor: admin, accountId: customer.id, importId: bad.id }), "RULE_VIOLATION", "IMPORT_HAS_ERRORS");
    expect(await db.endUser.count({ where: { accountId: customer.id } })).toBe(0);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Users");
    sheet.addRows([["Name", "Email", "External id", "Groups"], ["Ana", "ana@example.test", "ana", "sales"], ["Ben", "", "ben", ""]]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const good = await previewEndUserImport(db, { actor: admin, accountId: customer.id, filename: "users.xlsx", bytes: xlsx });
    expect(good.errorCount).toBe(0);
    expect(await commitEndUserImport(db, { actor: admin, accountId: customer.id, importId: good.id })).toEqual({ imported: 2, assigned: 1 });
    await expectAppError(commitEndUserImport(db, { actor: admin, accountId: customer.id, importId: good.id }), "CONFLICT", "ALREADY_IMPORTED");
    const users = await db.endUser.findMany({ where: { accountId: customer.id }, include: { assignments: { include: { package: true } } }, orderBy: { externalId: "asc" } });
    expect(users.map((u) => [u.externalId, u.source, u.assignments.map((a) => a.package.sku)])).toEqual([
      ["ana", "import", ["DX-CORE-PLUS"]],
      ["ben", "import", []],
    ]);
    await expectAppError(previewEndUserImport(db, { actor: admin, accountId: customer.id, filename: "users.txt", bytes: bytes("x") }), "INVALID");
  });
});
