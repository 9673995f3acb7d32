import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { USERS, freshPage, signIn } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { download } from "./support/downloads";
import { sectionNav } from "./support/nav";
import { firstActiveDayLink, serviceCard } from "./support/usage";

const SERVICE = "Quantum Spark Management";
/** The customer admin's account (Harbor Community Bank) bills in New York time. */
const TIMEZONE = "America/New_York";

/** A figure of the card ("Device-days (PAYG)", "Billable units", …). */
const stat = (page: Page, service: string, label: string) =>
  serviceCard(page, service).locator("dl > div").filter({ has: page.locator("dt", { hasText: label }) }).locator("dd").first();

test("a customer admin reads the usage report, its evidence and its Excel export", async ({ page }) => {
  await signIn(page, USERS.customerAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Usage report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage report" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(USERS.customerAdmin.account);

  await expect(page.getByRole("figure", { name: new RegExp(`^Daily active devices, ${SERVICE}, \\d{4}-\\d{2}$`) })).toBeVisible();
  await expect(page.getByTestId("cut-off")).toContainText(new RegExp(`Usage is final up to the end of \\d{4}-\\d{2}-\\d{2} \\(${TIMEZONE}\\)`));
  await expect(stat(page, SERVICE, "Device-days (PAYG)")).toHaveText(/^\d+$/);
  await expect(stat(page, SERVICE, "Billable units")).toHaveText(/^\d[\d,]*\.\d{2}$/);
  const deviceDays = Number(await stat(page, SERVICE, "Device-days (PAYG)").textContent());
  expect(deviceDays).toBeGreaterThan(0);
  // The rounded units come with their formula ("14 device-days ÷ 31 days = 0.45").
  const units = (await stat(page, SERVICE, "Billable units").textContent())!;
  const formula = serviceCard(page, SERVICE).locator("dl > div").filter({ has: page.locator("dt", { hasText: "Billable units" }) }).locator("dd").nth(1);
  await expect(formula).toHaveText(new RegExp(`^${deviceDays} device-days ÷ (28|29|30|31) days = ${units.replace(".", "\\.")}$`));
  const daysInMonth = Number(/÷ (\d+) days/.exec((await formula.textContent())!)![1]);

  await test.step("a day's evidence lists the devices with first and last seen", async () => {
    const devices = await firstActiveDayLink(page, SERVICE);
    await expectNoSeriousA11yViolations(page, "Usage report (daily figures open)");
    const day = /on (\d{4}-\d{2}-\d{2})$/.exec((await devices.getAttribute("aria-label")) ?? "")?.[1];
    await devices.click();
    await expect(page.getByRole("heading", { level: 1, name: `Devices active on ${day}` })).toBeVisible();
    const evidence = page.getByRole("table", { name: "Evidence: devices active that day" });
    await expect(evidence.getByRole("columnheader")).toHaveText(["Device id", "Kind", `First seen (${TIMEZONE})`, `Last seen (${TIMEZONE})`, "Events", "On PAYG", "Paired user"]);
    const rows = evidence.getByRole("row").filter({ has: page.getByRole("cell") });
    await expect(rows.first()).toBeVisible();
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent?.trim() ?? "")));
    for (const [deviceId, kind, firstSeen, lastSeen] of cells) {
      expect(deviceId).toMatch(/^\S+$/);
      expect(kind).toBe("Gateway");
      expect(firstSeen).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(lastSeen).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(lastSeen! >= firstSeen!).toBe(true);
    }
    await expectNoSeriousA11yViolations(page, "usage evidence");
    await page.getByRole("link", { name: "Back to the usage report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Usage report" })).toBeVisible();
  });

  await test.step("the Excel export has dates as dates and counts as numbers", async () => {
    const xlsx = await download(page, page.getByRole("link", { name: /^Export Excel/ }));
    expect(xlsx.download.suggestedFilename()).toMatch(/^usage-harbor-community-bank-\d{4}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toMatch(/^Usage \d{4}-\d{2}$/);
    expect((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual([
      "Account",
      "Service",
      "Day",
      "Active devices",
      "PAYG device-days",
      "Billable units",
      "Monthly-active seats",
      "State",
    ]);
    expect(sheet.rowCount).toBeGreaterThan(1);
    let serviceRows = 0;
    let totals = 0;
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const [account, service, day, active, payg, billable, , state] = (row.values as ExcelJS.CellValue[]).slice(1);
      expect(account).toBe(USERS.customerAdmin.account);
      // A service's month figures (its card) close its days: the exact units, 4 decimals shown.
      if (String(state).startsWith("month total")) {
        if (service === SERVICE) {
          expect(payg).toBe(deviceDays);
          expect(billable).toBe(deviceDays / daysInMonth);
          expect(row.getCell(6).numFmt).toBe("0.0000");
          totals += 1;
        }
        return;
      }
      expect(day, `row ${number}: Day`).toBeInstanceOf(Date);
      expect(typeof active, `row ${number}: Active devices`).toBe("number");
      expect(typeof payg, `row ${number}: PAYG device-days`).toBe("number");
      expect(["final", "not final", "account inactive"]).toContain(state);
      if (service === SERVICE) serviceRows += 1;
    });
    expect(serviceRows).toBeGreaterThan(0);
    expect(totals).toBe(1);
  });
});

test("the MSSP's roll-up includes its customers; another MSSP gets 404; a malformed month is 404", async ({ page, browser }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Usage report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage report" })).toBeVisible();
  const rollup = page.getByRole("table", { name: "Usage per account" });
  const harbor = rollup.getByRole("link", { name: "Harbor Community Bank", exact: true });
  await expect(harbor).toBeVisible();
  await expect(rollup).toContainText(SERVICE);
  await expectNoSeriousA11yViolations(page, "Usage report with roll-up");

  // Through the roll-up to Harbor's own report, and one of its evidence pages.
  const harborUsage = (await harbor.getAttribute("href"))!;
  const harborId = /^\/a\/([0-9a-f-]{36})\/usage\?month=\d{4}-\d{2}$/.exec(harborUsage)?.[1];
  expect(harborId, harborUsage).toBeDefined();
  await harbor.click();
  await page.waitForURL((url) => url.pathname === `/a/${harborId}/usage`);
  await expect(page.getByRole("heading", { level: 1, name: "Usage report" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Roll-up of/ })).toHaveCount(0);
  const usageUrl = harborUsage;
  const evidenceUrl = (await (await firstActiveDayLink(page, SERVICE)).getAttribute("href"))!;
  expect(evidenceUrl).toContain(`/a/${harborId}/usage/evidence?`);
  const ok = await page.goto(evidenceUrl);
  expect(ok?.status()).toBe(200);

  for (const url of [`/a/${harborId}/usage?month=2026-13`, `/a/${harborId}/usage?month=2026-1`, `/a/${bluewaveId}/jobs`]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }), url).toHaveText("Page not found");
  }

  const omar = await freshPage(browser);
  try {
    await signIn(omar, USERS.otherMsspAdmin.email);
    for (const url of [usageUrl, evidenceUrl]) {
      const response = await omar.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(omar.getByRole("heading", { level: 1 }), url).toHaveText("Page not found");
      await expect(omar.getByText("Harbor")).toHaveCount(0);
    }
    for (const url of [`/a/${harborId}/usage/export?format=xlsx`, `${evidenceUrl.replace("/usage/evidence?", "/usage/evidence/export?")}&format=csv`]) {
      const response = await omar.request.get(url);
      expect(response.status(), url).toBe(404);
    }
  } finally {
    await omar.context().close();
  }
});
