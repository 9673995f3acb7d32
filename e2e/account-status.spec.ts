import { expect, test, type Page } from "@playwright/test";
import { INACTIVE_SIGN_IN_ERROR, USERS, expectSignInRefused, freshPage, signIn } from "./support/auth";
import { addUser, createCustomer, uniqueCustomerName, uniqueEmail } from "./support/accounts";
import { waitForHydration } from "./support/hydration";
import { answerConfirmDialog } from "./support/dialogs";

/** The Settings page's "Status" card. */
const statusCard = (page: Page) =>
  page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Status", exact: true }) });

async function openSettings(page: Page, accountId: string) {
  await page.goto(`/a/${accountId}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const status = statusCard(page);
  await waitForHydration(status.locator("form"));
  return status;
}

test("inactivating a customer locks its users out; reactivating lets them back in", async ({ page, browser }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E Status");
  const customerId = await createCustomer(page, bluewaveId, name);
  const email = uniqueEmail("status");
  const password = await addUser(page, customerId, { email, name: "Stella Status", role: "Admin" });

  // Inactivate, accepting the confirmation dialog.
  let status = await openSettings(page, customerId);
  await expect(status).toContainText(`${name} is active.`);
  await status.getByLabel("Reason (optional)").fill("E2E: contract paused");
  await status.getByRole("button", { name: "Inactivate account" }).click();
  await answerConfirmDialog(page, "Inactivate account", { text: `Inactivate ${name}?`, confirmLabel: "Inactivate" });
  await expect(page.getByRole("status").filter({ hasText: "Account inactivated." })).toBeVisible();
  await expect(status).toContainText(`${name} is inactive.`);

  const user = await freshPage(browser);
  try {
    await expectSignInRefused(user, email, password, INACTIVE_SIGN_IN_ERROR);

    // Reactivate.
    status = await openSettings(page, customerId);
    await status.getByRole("button", { name: "Reactivate account" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Account reactivated." })).toBeVisible();
    await expect(status).toContainText(`${name} is active.`);

    const landedOn = await signIn(user, email, password);
    expect(landedOn).toBe(customerId);
    await expect(user.getByRole("heading", { level: 1 })).toHaveText(name);
  } finally {
    await user.context().close();
  }

  // Both changes are in the customer's audit log.
  await page.goto(`/a/${customerId}/audit`);
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: "Account inactivated" })).toHaveCount(1);
  await expect(events.getByRole("row").filter({ hasText: "Account reactivated" })).toHaveCount(1);
});

test("dismissing the confirmation changes nothing", async ({ page }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E Keep");
  const customerId = await createCustomer(page, bluewaveId, name);
  const status = await openSettings(page, customerId);
  await status.getByRole("button", { name: "Inactivate account" }).click();
  await answerConfirmDialog(page, "Inactivate account", { escape: true });
  await status.getByRole("button", { name: "Inactivate account" }).click();
  await answerConfirmDialog(page, "Inactivate account", { confirm: false });
  await page.reload();
  await expect(statusCard(page)).toContainText(`${name} is active.`);
});
