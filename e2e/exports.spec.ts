import { readFile } from "node:fs/promises";
import { expect, test, type Download, type Page } from "@playwright/test";
import { USERS, freshPage, signIn } from "./support/auth";
import { sectionNav } from "./support/nav";
import { dailyActive } from "./support/usage";

async function download(page: Page, linkName: RegExp): Promise<{ download: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  const path = await file.path();
  expect(await file.failure()).toBeNull();
  return { download: file, bytes: await readFile(path) };
}

test("the audit log downloads as CSV and Excel", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit events" })).toBeVisible();

  const csv = await download(page, /^Export CSV/);
  expect(csv.download.suggestedFilename()).toMatch(/^audit-log-bluewave-security-\d{8}\.csv$/);
  const text = csv.bytes.toString("utf8").replace(/^\uFEFF/, "");
  const [header, ...rows] = text.trim().split(/\r?\n/);
  expect(header?.split(",")).toContain("Action");
  expect(header).toContain("When (UTC)");
  expect(rows.length).toBeGreaterThan(0);
  expect(text).toContain("Account created");

  const xlsx = await download(page, /^Export Excel/);
  expect(xlsx.download.suggestedFilename()).toMatch(/^audit-log-bluewave-security-\d{8}\.xlsx$/);
  expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(xlsx.bytes.length).toBeGreaterThan(1000);
});

/**
 * Over the threshold (EXPORT_JOB_THRESHOLD_DEVICES=50 in the e2e server; the
 * demo MSSP has 64 devices) an export runs as a job: its page shows a
 * progress bar, then a Download link; the job stays in Exports.
 */
test("a devices export over the threshold shows its progress, then downloads", async ({ page }, testInfo) => {
  await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Devices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Devices" })).toBeVisible();

  await page.getByRole("link", { name: /^Export CSV/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export: Devices (CSV)" })).toBeVisible();
  const bar = page.getByRole("progressbar", { name: /^Export of devices-bluewave-security-\d{8}\.csv$/ });
  await expect(bar).toBeVisible();
  const downloadLink = page.getByRole("link", { name: /^Download/ });
  await expect(downloadLink).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  // Other journeys register devices in the same database, so the count is read, not assumed.
  const ready = page.getByText(/^Ready to download — \d+ rows/);
  await expect(ready).toBeVisible();
  const written = Number(/— (\d+) rows/.exec((await ready.textContent()) ?? "")?.[1]);
  expect(written).toBeGreaterThan(50);
  await page.screenshot({ path: testInfo.outputPath("export-job-ready.png"), fullPage: true });

  const file = await download(page, /^Download/);
  expect(file.download.suggestedFilename()).toMatch(/^devices-bluewave-security-\d{8}\.csv$/);
  const [header, ...rows] = file.bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(header).toContain("Device id");
  expect(rows).toHaveLength(written);

  await page.getByRole("link", { name: "All your exports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
  const table = page.getByRole("table", { name: "Your exports" });
  await expect(table.getByRole("row", { name: new RegExp(`Devices \\(CSV\\).*Ready to download.*${written}`) }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("export-jobs-list.png"), fullPage: true });

  // Another person's (or a made-up) job is not found.
  const response = await page.request.get(`${new URL(page.url()).pathname}/00000000-0000-4000-8000-000000000000/status`);
  expect(response.status()).toBe(404);
});

/**
 * The usage evidence of a day over its threshold (EXPORT_JOB_THRESHOLD_EVIDENCE=3
 * in the e2e server) is a job too: counted from the day's kept counts, so the
 * progress bar knows its total; the file holds the devices the page lists.
 * Only whoever asked sees the job.
 */
test("a day's usage evidence over the threshold is written as a job, then downloads", async ({ page, browser }, testInfo) => {
  await signIn(page, USERS.customerAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Usage report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage report" })).toBeVisible();
  // The busiest day of the month's gateways.
  const { rows, actives } = await dailyActive(page, "Quantum Spark Management");
  const busiest = actives.indexOf(Math.max(...actives));
  expect(actives[busiest], "a day with more devices than the threshold").toBeGreaterThan(3);
  await rows.nth(busiest).getByRole("link", { name: /^Devices of / }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Devices active on \d{4}-\d{2}-\d{2}$/ })).toBeVisible();
  const listed = await page
    .getByRole("table", { name: "Evidence: devices active that day" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") })
    .evaluateAll((trs) => trs.map((tr) => tr.children[0]?.textContent?.trim() ?? ""));
  expect(listed).toHaveLength(actives[busiest]!);

  await page.getByRole("link", { name: /^Export CSV/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export: Usage evidence (CSV)" })).toBeVisible();
  const bar = page.getByRole("progressbar", { name: /^Export of evidence-\d{4}-\d{2}-\d{2}\.csv$/ });
  await expect(bar).toBeVisible();
  await expect(page.getByRole("link", { name: /^Download/ })).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByText(`Ready to download — ${listed.length} rows`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("evidence-export-job-ready.png"), fullPage: true });

  const file = await download(page, /^Download/);
  expect(file.download.suggestedFilename()).toMatch(/^evidence-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...lines] = file.bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(header?.split(",").slice(0, 2)).toEqual(["Device id", "Kind"]);
  expect(lines.map((line) => line.split(",")[0])).toEqual(listed);

  // The job, its status and its file are nobody else's: another MSSP's admin gets 404.
  const jobPage = new URL(page.url()).pathname;
  const omar = await freshPage(browser);
  try {
    await signIn(omar, USERS.otherMsspAdmin.email);
    for (const url of [jobPage, `${jobPage}/status`, `${jobPage}/download`]) {
      expect((await omar.request.get(url, { maxRedirects: 0 })).status(), url).toBe(404);
    }
  } finally {
    await omar.context().close();
  }
});
