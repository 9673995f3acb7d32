import path from "node:path";
import { expect, test } from "@playwright/test";
import { USERS, signIn } from "./support/auth";
import { unique } from "./support/accounts";
import { waitForHydration } from "./support/hydration";

/*
 * Pairing a device to an end user (docs/end-users-and-devices.md#pairing-search):
 * the "Paired to" cell is a button that opens a search over the account's end
 * users, asked of the server as the person types — the page holds no list of them.
 */
test("an admin pairs a device by typing part of a name, then makes it standalone again", async ({ page }) => {
  // Four steps with two saves and two reloads: 40–50 s on a loaded 2-core machine, past the 45 s default.
  test.setTimeout(90_000);
  const harborId = await signIn(page, USERS.customerAdmin.email);
  const deviceId = `e2e-pair-${unique()}`;

  await test.step("register a device", async () => {
    await page.goto(`/a/${harborId}/devices`);
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Register device" }) });
    await waitForHydration(form);
    await form.getByLabel("Device id").fill(deviceId);
    await form.getByLabel("Kind").selectOption({ label: "Endpoint" });
    await form.getByRole("button", { name: "Register device" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Device ${deviceId} registered.` })).toBeVisible();
  });

  await page.goto(`/a/${harborId}/devices?q=${deviceId}`);
  const table = page.getByRole("table", { name: "Devices" });
  // No end user is listed in the page: only the button with the current choice.
  expect(await page.locator("select option").filter({ hasText: "Priya Nair" }).count()).toBe(0);
  const button = table.getByRole("button", { name: `End user of ${deviceId}` });
  await expect(button).toHaveAccessibleName(`End user of ${deviceId} Standalone`);
  await waitForHydration(button);

  await test.step("type part of a name and pick the end user", async () => {
    await button.click();
    const search = page.getByRole("combobox", { name: "Search end users by name or id" });
    await expect(search).toBeFocused();
    await search.pressSequentially("riya n");
    const option = page.getByRole("option", { name: /Priya Nair/ });
    await expect(option).toBeVisible();
    const popover = page.getByRole("dialog", { name: `End user of ${deviceId}` });
    await expect(popover.getByRole("option")).toHaveCount(2); // "Standalone" and the one match
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "device-pairing-combobox.png") });
    // Keyboard: the match is the second option; Enter picks it.
    await search.press("ArrowDown");
    await expect(option).toHaveAttribute("aria-selected", "true");
    await search.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Device paired." })).toBeVisible();
    await expect(button).toHaveAccessibleName(`End user of ${deviceId} Paired to Priya Nair`);
  });

  await test.step("the pairing is saved", async () => {
    await page.reload();
    await expect(table.getByRole("button", { name: `End user of ${deviceId}` })).toHaveText(/Paired to Priya Nair/);
  });

  await test.step("unpair: choose Standalone", async () => {
    const again = table.getByRole("button", { name: `End user of ${deviceId}` });
    await waitForHydration(again);
    await again.click();
    await page.getByRole("dialog", { name: `End user of ${deviceId}` }).getByRole("option", { name: /^Standalone/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Device is now standalone." })).toBeVisible();
    await expect(again).toHaveAccessibleName(`End user of ${deviceId} Standalone`);
    await page.reload();
    await expect(table.getByRole("button", { name: `End user of ${deviceId}` })).toHaveText(/Standalone/);
  });

  await test.step("a search with no match says so", async () => {
    const again = table.getByRole("button", { name: `End user of ${deviceId}` });
    await waitForHydration(again);
    await again.click();
    await page.getByRole("combobox", { name: "Search end users by name or id" }).fill("%no such person%");
    await expect(page.getByText("No end user of this account matches.")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("combobox", { name: "Search end users by name or id" })).toHaveCount(0);
    await expect(again).toBeFocused();
  });
});
