import { expect, test } from "@playwright/test";
import { USERS, alerts, freshPage, signIn } from "./support/auth";
import { EXPECTED_SECTIONS, expectSections } from "./support/nav";
import { addUser, createCustomer, uniqueCustomerName, uniqueEmail } from "./support/accounts";

test("an admin adds a user; the temporary password, shown once, lets them sign in", async ({ page, browser }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const customerName = uniqueCustomerName();
  const customerId = await createCustomer(page, bluewaveId, customerName);
  const email = uniqueEmail("new.admin");

  const temporaryPassword = await addUser(page, customerId, { email, name: "Nadia Newcomer", role: "Admin" });

  const members = page.getByRole("table", { name: "Users of this account" });
  const row = members.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Nadia Newcomer");
  await expect(row).toContainText("Never");
  await expect(row.getByLabel(`Role of ${email}`, { exact: true })).toHaveValue("ADMIN");

  // Shown only once: a reload no longer shows it.
  await page.reload();
  await expect(page.getByText(`Temporary password for ${email}`)).toHaveCount(0);
  await expect(page.getByText(temporaryPassword)).toHaveCount(0);

  // The new person, on another machine, signs in with it and lands on the customer.
  const other = await freshPage(browser);
  try {
    const landedOn = await signIn(other, email, temporaryPassword);
    expect(landedOn).toBe(customerId);
    await expect(other.getByRole("heading", { level: 1 })).toHaveText(customerName);
    await expectSections(other, EXPECTED_SECTIONS.customerAdmin);
  } finally {
    await other.context().close();
  }
});

test("adding someone who is already a member is refused with a clear message", async ({ page }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const customerId = await createCustomer(page, bluewaveId, uniqueCustomerName());
  const email = uniqueEmail("twice");
  await addUser(page, customerId, { email, name: "Twice Added", role: "Viewer" });

  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add user" }) });
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(alerts(page)).toHaveText(`${email} is already a member of this account.`);
});
