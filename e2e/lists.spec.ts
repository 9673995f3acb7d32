import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./support/auth";

/** Keyset paging on a list page (docs/lists.md): First / Previous / Next / Last, capped totals, bad cursors. */
test.describe("list paging", () => {
  test("Next, Previous, Last and First move by cursor; a bad cursor shows the first page with a note", async ({ page }) => {
    const accountId = await signIn(page, USERS.msspAdmin.email);
    await page.goto(`/a/${accountId}/devices?pageSize=10&sort=externalId&dir=asc`);
    const pager = page.getByRole("navigation", { name: "Pagination" });
    await expect(pager).toContainText(/Showing 1–10 of [\d,]+\+? devices/);
    const firstRows = await page.getByRole("row").allInnerTexts();

    await pager.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/after=[A-Za-z0-9_-]+/);
    await expect(pager).toContainText(/Showing 11–20 of/);
    await expect(page).toHaveURL(/sort=externalId/);

    await pager.getByRole("link", { name: "Previous page" }).click();
    await expect(pager).toContainText(/Showing 1–10 of/);
    expect(await page.getByRole("row").allInnerTexts()).toEqual(firstRows);
    await expect(pager.getByRole("link", { name: "First page" })).toHaveCount(0);

    await pager.getByRole("link", { name: "Last page" }).click();
    await expect(page).toHaveURL(/page=last/);
    await expect(pager.getByRole("link", { name: "Next page" })).toHaveCount(0);
    await pager.screenshot({ path: test.info().outputPath("pagination-last.png") });
    await pager.getByRole("link", { name: "First page" }).click();
    await expect(pager).toContainText(/Showing 1–10 of/);

    for (const bad of ["not*a*cursor", "eyJzIjoieCIsImsiOltdfQ", "eyJzIjoiZXh0ZXJuYWxJZC5hc2MiLCJrIjpbInp6enoiLCIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiXX0"]) {
      const response = await page.goto(`/a/${accountId}/devices?pageSize=10&sort=externalId&dir=asc&after=${bad}`);
      expect(response?.status()).toBe(200);
      await expect(pager).toContainText(/Showing 1–10 of/);
    }
    await expect(pager.getByRole("status")).toHaveText("That page no longer exists; showing the first page.");
    await page.screenshot({ path: test.info().outputPath("devices-stale-cursor.png"), fullPage: true });
    // A numbered page from an old link is the first page.
    await page.goto(`/a/${accountId}/devices?pageSize=10&page=3`);
    await expect(pager).toContainText(/Showing 1–10 of/);
  });
});
