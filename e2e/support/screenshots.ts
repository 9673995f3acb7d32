import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";

/**
 * Saves a full-page screenshot as `<dir>/<name>.png` when E2E_SCREENSHOTS=<dir> is set, so a person can
 * look at the pages a journey went through; does nothing otherwise (a screenshot is never a check).
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  await mkdir(path.resolve(dir), { recursive: true });
  await page.screenshot({ path: path.join(path.resolve(dir), `${name}.png`), fullPage: true });
}
