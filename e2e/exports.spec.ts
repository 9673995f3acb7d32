import { readFile } from "node:fs/promises";
import { expect, test, type Download, type Page } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { sectionNav } from "./support/nav";

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
