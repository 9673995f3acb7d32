import { readFile } from "node:fs/promises";
import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** Clicks a download link (or button) and returns the finished download and its bytes. */
export async function download(page: Page, trigger: Locator): Promise<{ download: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  expect(await file.failure()).toBeNull();
  return { download: file, bytes: await readFile(await file.path()) };
}

/** A CSV export's header and data lines (without the BOM). */
export function csvLines(bytes: Buffer): { header: string; rows: string[] } {
  const [header = "", ...rows] = bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  return { header, rows };
}
