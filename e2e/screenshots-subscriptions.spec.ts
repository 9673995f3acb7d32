import { chooseRowAction } from "./support/tables";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./support/auth";

/** Not a check: screenshots of a customer's end users, groups, subscriptions and Usage/Report (with E2E_SCREENSHOTS=<dir>). */
const outDir = process.env.E2E_SCREENSHOTS;
test.skip(!outDir, "set E2E_SCREENSHOTS=<dir> to take screenshots");

for (const viewport of [{ name: "desktop", width: 1400, height: 900 }, { name: "phone", width: 390, height: 844 }] as const) {
  test(`subscription screenshots at ${viewport.name} width`, async ({ page }) => {
    test.setTimeout(120_000);
    const dir = path.resolve(outDir!);
    await mkdir(dir, { recursive: true });
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const open = async (name: string, url: string) => {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.screenshot({ path: path.join(dir, `${viewport.name}-sub-${name}.png`), fullPage: true });
    };
    const id = await signIn(page, USERS.customerAdmin.email);
    await open("01-end-users", `/a/${id}/end-users`);
    await open("02-groups", `/a/${id}/groups`);
    await page.getByRole("link", { name: "Trading desk" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Trading desk" })).toBeVisible();
    await page.screenshot({ path: path.join(dir, `${viewport.name}-sub-03-group.png`), fullPage: true });
    await open("04-subscriptions", `/a/${id}/subscriptions`);
    await chooseRowAction(page.getByRole("row").filter({ has: page.getByRole("button", { name: "Actions for Core+", exact: true }) }), "Manage Core+");
    await expect(page.getByRole("heading", { level: 1, name: "Manage Core+" })).toBeVisible();
    await page.screenshot({ path: path.join(dir, `${viewport.name}-sub-05-manage.png`), fullPage: true });
    await open("06-report", `/a/${id}/subscriptions/report`);
    await open("07-import", `/a/${id}/end-users/import`);
    // Step 2: a file with one good row and one whose group does not exist.
    const file = path.join(dir, `${viewport.name}-end-users.csv`);
    await writeFile(file, "Name,Email,External id,Groups\nNina Park,nina@example.com,nina,Trading desk\nOmar Reyes,omar@example.com,omar,No such group\n");
    await page.getByLabel("File").setInputFiles(file);
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /^2\. Preview of / })).toBeVisible();
    await page.screenshot({ path: path.join(dir, `${viewport.name}-sub-07b-import-preview.png`), fullPage: true });
    await open("08-settings", `/a/${id}/settings`);
    const endUsers = `/a/${id}/end-users`;
    await page.goto(endUsers);
    await page.getByRole("link", { name: /^Ava Brooks 1$/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.screenshot({ path: path.join(dir, `${viewport.name}-sub-09-end-user.png`), fullPage: true });
  });
}
