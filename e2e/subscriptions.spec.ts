import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { chooseInCombobox, comboboxField } from "./support/combobox";
import { csvLines, download } from "./support/downloads";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { chooseRowAction } from "./support/tables";

const accountRow = (page: Page, name: string) => page.getByRole("table", { name: "Child accounts" }).getByRole("row").filter({ hasText: name }).first();

/** Manage Accounts, searched for `name`: other journeys add customers, so it may not be on the first page. */
async function findAccount(page: Page, name: string) {
  await sectionNav(page).getByRole("link", { name: "Manage Accounts" }).click();
  const filters = page.getByRole("search");
  await waitForHydration(filters);
  await filters.getByLabel("Search accounts").fill(name);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  return accountRow(page, name);
}

test("a customer admin attaches Core+ to a group; a user added to the group is assigned it", async ({ page }) => {
  const suffix = randomUUID().slice(0, 6);
  const groupName = `Partners desk ${suffix}`;
  const userName = `Rosa Vidal ${suffix}`;
  await signIn(page, USERS.customerAdmin.email);

  await test.step("create a user group", async () => {
    await sectionNav(page).getByRole("link", { name: "User groups" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "User groups" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(groupName);
    await page.getByRole("button", { name: "Create group" }).click();
    await expect(page.getByRole("status")).toHaveText(`Group ${groupName} created.`);
    await expect(page.getByRole("link", { name: groupName })).toBeVisible();
  });

  await test.step("Subscriptions → Manage Core+ → attach it to the group", async () => {
    await sectionNav(page).getByRole("link", { name: "Subscriptions" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Subscriptions" })).toBeVisible();
    await expectNoSeriousA11yViolations(page, "Subscriptions");
    const coreRow = page.getByRole("row").filter({ has: page.getByRole("button", { name: "Actions for Core+", exact: true }) });
    await chooseRowAction(coreRow, "Manage Core+");
    await expect(page.getByRole("heading", { level: 1, name: "Manage Core+" })).toBeVisible();
    await chooseInCombobox(comboboxField(page, "User group"), { type: groupName, option: groupName });
    await page.getByRole("button", { name: "Attach subscription" }).click();
    await expect(page.getByRole("status")).toHaveText("Attached; 0 members assigned.");
    await expect(page.getByRole("button", { name: `Detach from ${groupName}` })).toBeVisible();
  });

  await test.step("add an end user, then add them to the group: Core+ is assigned", async () => {
    await sectionNav(page).getByRole("link", { name: "End users" }).click();
    await page.getByLabel("Name", { exact: true }).fill(userName);
    await page.getByLabel("External id").fill(`rosa-${suffix}`);
    await page.getByRole("button", { name: "Add end user" }).click();
    await expect(page.getByRole("status")).toHaveText(`End user ${userName} created.`);
    await page.getByLabel("Search end users").fill(suffix);
    await page.getByRole("button", { name: /^(Search|Apply)/ }).first().click();
    await page.getByRole("link", { name: userName }).click();
    await expect(page.getByRole("heading", { level: 1, name: userName })).toBeVisible();
    await expect(page.getByTestId("end-user-subscriptions")).toHaveText("None");
    await chooseInCombobox(comboboxField(page, "Group"), { type: groupName, option: groupName });
    await page.getByRole("button", { name: "Add to group" }).click();
    await expect(page.getByRole("status")).toHaveText("Added to the group; 1 subscription assigned.");
    await expect(page.getByTestId("end-user-subscriptions")).toContainText("Core+");
  });

  await test.step("the group lists the member with the assignment", async () => {
    await sectionNav(page).getByRole("link", { name: "User groups" }).click();
    await page.getByRole("link", { name: groupName }).click();
    const row = page.getByRole("table", { name: `Members of ${groupName}` }).getByRole("row").filter({ hasText: userName });
    await expect(row).toContainText("Core+");
    await expectNoSeriousA11yViolations(page, "user group members");
  });
});

test("an MSP admin opens a customer's Usage/Report from Manage Accounts and exports it to Excel and CSV", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await chooseRowAction(await findAccount(page, USERS.customerAdmin.account), `Usage/Report of ${USERS.customerAdmin.account}`);
  await expect(page.getByRole("heading", { level: 1, name: "Usage/Report" })).toBeVisible();
  const table = page.getByRole("table", { name: "Consumption per package" });
  await expect(table.getByRole("row").filter({ hasText: "DX-CORE-PLUS" })).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "DX-CORE" }).first()).toBeVisible();
  // The detail: every billed seat and every silent one, per package.
  const detail = page.getByRole("table", { name: "Seats per package" });
  const ava = detail.getByRole("row").filter({ hasText: "Ava Brooks 1" }).filter({ hasText: "hcb-user-001" });
  // On the Trading desk: billed under Core and under Core+.
  await expect(ava.filter({ hasText: "DX-CORE-PLUS" })).toContainText("Billed");
  await expect(ava.filter({ hasText: /DX-CORE(?!-PLUS)/ })).toContainText(/user1@harborbank\.example.*Billed/);
  await expectNoSeriousA11yViolations(page, "Usage/Report");

  const xlsx = await download(page, page.getByRole("link", { name: "Export Excel of the usage report" }));
  expect(xlsx.download.suggestedFilename()).toMatch(/^usage-report-harbor-community-bank-\d{4}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).values).toEqual([
    undefined,
    "Customer",
    "Month",
    "Service",
    "Package",
    "SKU",
    "Billed seats",
    "Paired users",
    "Standalone endpoints",
    "Silent (not billed)",
    "State",
  ]);
  const skus = [2, 3].map((n) => sheet.getRow(n).getCell(5).value);
  expect(skus).toEqual(["DX-CORE", "DX-CORE-PLUS"]);
  // The figures on screen are the figures in the file.
  const onScreen = await table.getByRole("row").filter({ hasText: "DX-CORE-PLUS" }).getByRole("cell").nth(2).textContent();
  expect(String(sheet.getRow(3).getCell(6).value)).toBe(onScreen?.trim());

  // Sheet 2: the detail, the same lines as on screen, silent ones included.
  const detailSheet = workbook.getWorksheet("Detail")!;
  expect(workbook.worksheets.map((s) => s.name)).toEqual([sheet.name, "Detail"]);
  expect(detailSheet.getRow(1).values).toEqual([
    undefined,
    "Month",
    "Service",
    "Package",
    "SKU",
    "Seat",
    "Name",
    "Email",
    "External id",
    "Devices active",
    "First active day",
    "Last active day",
    "Billing",
    "Seat id",
  ]);
  const detailRows = detailSheet.getRows(2, detailSheet.rowCount - 1)!.map((row) => row.values as unknown[]);
  const totalLines = [2, 3].reduce((sum, n) => sum + Number(sheet.getRow(n).getCell(6).value) + Number(sheet.getRow(n).getCell(9).value), 0);
  expect(detailRows.filter((row) => String(row[4]).startsWith("DX-CORE"))).toHaveLength(totalLines);
  expect(detailRows.find((row) => row[6] === "Grace Holloway" && row[4] === "DX-CORE-PLUS")?.[12]).toBe("Silent — not billed");
  expect(detailRows.find((row) => row[6] === "Spare laptop")?.slice(4, 13)).toEqual([
    "DX-CORE",
    "Standalone endpoint",
    "Spare laptop",
    undefined,
    "hcb-spare-laptop-1",
    0,
    undefined,
    undefined,
    "Silent — not billed",
  ]);

  const detailCsv = await download(page, page.getByRole("link", { name: "Export detail CSV" }));
  expect(detailCsv.download.suggestedFilename()).toMatch(/^usage-report-detail-harbor-community-bank-\d{4}-\d{2}\.csv$/);
  expect(csvLines(detailCsv.bytes).rows).toHaveLength(detailRows.length);

  // Only the silent ones of Core+: the new hire on the Trading desk.
  await page.getByLabel("Package", { exact: true }).selectOption({ label: "Core+ (DX-CORE-PLUS)" });
  await page.getByLabel("Billing", { exact: true }).selectOption({ label: "Silent — not billed" });
  await page.getByRole("button", { name: "Apply filters" }).last().click();
  await expect(detail.getByRole("row").filter({ hasText: "Grace Holloway" })).toContainText("Silent — not billed");
  await expect(detail.getByRole("row").filter({ hasText: /Billed/ })).toHaveCount(0);

  const csv = await download(page, page.getByRole("link", { name: "Export CSV of the usage report" }));
  const { header, rows } = csvLines(csv.bytes);
  expect(header).toBe("Customer,Month,Service,Package,SKU,Billed seats,Paired users,Standalone endpoints,Silent (not billed),State");
  // One row per package held that month (every per-user service), DefensX first.
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.slice(0, 2).map((row) => row.split(",")[4])).toEqual(["DX-CORE", "DX-CORE-PLUS"]);
});

test("an MSP admin opens Add Subscriptions for a customer from Manage Accounts", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await chooseRowAction(await findAccount(page, USERS.customerAdmin.account), `Add Subscriptions for ${USERS.customerAdmin.account}`);
  await expect(page.getByRole("heading", { level: 1, name: "Add Subscriptions" })).toBeVisible();
  // Harbor holds Core and Core+ already.
  await expect(page.getByText(`${USERS.customerAdmin.account} already has every package of DefensX Web Security.`)).toBeVisible();
});
