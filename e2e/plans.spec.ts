import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { USERS, alerts, freshPage, signIn } from "./support/auth";
import { addUser, unique, uniqueEmail } from "./support/accounts";
import { chooseInCombobox, comboboxField } from "./support/combobox";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { cellUnder, chooseRowAction } from "./support/tables";

const gatewaysTable = (page: Page) => page.getByRole("table", { name: "Gateways" });

/** Registers a gateway through Gateways → "Register gateway"; returns after the form is submitted. */
async function fillGatewayForm(
  page: Page,
  gateway: { name: string; serial: string; firmware: string; plan: string },
): Promise<void> {
  await sectionNav(page).getByRole("link", { name: "Gateways" }).click();
  await page.getByRole("main").getByRole("link", { name: "Register gateway" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Register gateway" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Register gateway" }) });
  await waitForHydration(form);
  await form.getByLabel("Name").fill(gateway.name);
  await form.getByLabel("Serial number").fill(gateway.serial);
  await form.getByLabel("Firmware version").fill(gateway.firmware);
  // Accounts and plans are searched on the server as the person types (docs/screens.md#async-combobox).
  await chooseInCombobox(comboboxField(form, "Owning account"), { type: USERS.msspAdmin.account, option: new RegExp(`^${USERS.msspAdmin.account}`) });
  await chooseInCombobox(comboboxField(form, "Plan"), { type: gateway.plan, option: `${gateway.plan} ${USERS.msspAdmin.account}` });
  await expect(comboboxField(form, "Plan")).toHaveText(new RegExp(`^${gateway.plan}`));
  await form.getByRole("button", { name: "Register gateway" }).click();
}

async function expectRegistered(page: Page, name: string) {
  await expect(page.getByRole("status").filter({ hasText: `Gateway ${name} registered.` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Gateways" })).toBeVisible();
}

/** Applies the Gateways list's filters (a GET form: the URL carries them). */
async function filterGateways(page: Page, filters: { q?: string; licenceType: "Subscription" | "Pay-As-You-Go" | "All" }) {
  const search = page.getByRole("search");
  if (filters.q !== undefined) await search.getByLabel("Search gateways").fill(filters.q);
  await search.getByLabel("License type").selectOption({ label: filters.licenceType });
  await search.getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL(/\/gateways\?/);
}

test("a plan goes Pay-As-You-Go and back; gateways below R82 stay on subscription", async ({ page }) => {
  test.slow(); // one long journey: a plan, two gateways, two licence changes
  await signIn(page, USERS.msspAdmin.email);
  const suffix = unique();
  const planName = `E2E Plan ${suffix}`;
  const oldGateway = `e2e-gw-${suffix}-old`;
  const newGateway = `e2e-gw-${suffix}-new`;

  await test.step("create the plan", async () => {
    await sectionNav(page).getByRole("link", { name: "Plans" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
    await expectNoSeriousA11yViolations(page, "Plans");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create plan" }) });
    await waitForHydration(form);
    await form.getByLabel("Plan name").fill(planName);
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByRole("heading", { level: 1, name: planName })).toBeVisible();
    await expect(page.getByText("No gateway yet.")).toBeVisible();
  });

  await test.step("register gateways on R81.20 and R82.10 (a bad firmware is refused first)", async () => {
    await fillGatewayForm(page, { name: oldGateway, serial: `E2E-${suffix}-1`, firmware: "82.10", plan: planName });
    const firmware = page.getByLabel("Firmware version");
    await expect(alerts(page)).toHaveText("Check the highlighted fields.");
    await expect(firmware).toHaveAttribute("aria-invalid", "true");
    await expect(firmware).toHaveAccessibleDescription("Enter a firmware version like R81.20, R82, R82.00.00 or R82.10.");
    await expect(page).toHaveURL(/\/gateways\/new$/);
    await expectNoSeriousA11yViolations(page, "Register gateway with a field error");

    await fillGatewayForm(page, { name: oldGateway, serial: `E2E-${suffix}-1`, firmware: "R81.20", plan: planName });
    await expectRegistered(page, oldGateway);
    await fillGatewayForm(page, { name: newGateway, serial: `E2E-${suffix}-2`, firmware: "R82.10", plan: planName });
    await expectRegistered(page, newGateway);
  });

  await test.step("the plan lists both; the gateway page", async () => {
    await sectionNav(page).getByRole("link", { name: "Plans" }).click();
    await page.getByRole("main").getByRole("link", { name: planName, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: planName })).toBeVisible();
    const members = page.locator("section").filter({ has: page.getByRole("heading", { name: "Gateways in this plan (2)" }) });
    await expect(members.getByRole("link")).toHaveText([newGateway, oldGateway]);
    await expectNoSeriousA11yViolations(page, "plan detail");

    await members.getByRole("link", { name: oldGateway, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: oldGateway })).toBeVisible();
    await expect(page.getByText("Firmware below R82.00.00: Pay-As-You-Go is not available for this gateway.")).toBeVisible();
    // The edit form starts from the gateway's owner and plan, by name (only those two are in the page).
    await expect(comboboxField(page, "Owning account")).toHaveText(new RegExp(`^${USERS.msspAdmin.account}`));
    await expect(comboboxField(page, "Plan")).toHaveText(new RegExp(`^${planName}`));
    await expectNoSeriousA11yViolations(page, "gateway page");
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: planName })).toBeVisible();
  });

  const licenceForm = async () => {
    await expect(page.getByRole("heading", { level: 1, name: "License" })).toBeVisible();
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Apply" }) });
    await waitForHydration(form);
    return form;
  };
  const dialog = page.getByRole("dialog", { name: "Select Subscription Licensing" });

  await test.step("License → Pay-As-You-Go: the R81.20 gateway stays on subscription", async () => {
    await page.getByRole("main").getByRole("link", { name: "License", exact: true }).click();
    const form = await licenceForm();
    await expectNoSeriousA11yViolations(page, "License");
    await form.getByRole("radio", { name: /^Pay-As-You-Go/ }).check();
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("status")).toHaveText(
      "The plan is on Pay-As-You-Go. 1 gateway below R82.00.00 stays on subscription: see View Gateways.",
    );
    await expect(page.getByRole("main")).toContainText("currently Pay-As-You-Go");
    await expect(form.getByRole("radio", { name: /^Pay-As-You-Go/ })).toBeChecked();

    await page.getByRole("button", { name: "View Gateways" }).click();
    const staying = page.getByRole("region", { name: "Gateways that cannot use Pay-As-You-Go" });
    await expect(staying.getByRole("link")).toHaveText([oldGateway]);
    await expect(staying).toContainText("R81.20");

    // Back to Subscription on the same page: it asks first; canceling the dialog changes nothing.
    await form.getByRole("radio", { name: /^Subscription/ }).check();
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("main")).toContainText("currently Pay-As-You-Go");
  });

  await test.step("Gateways: filter by licence type", async () => {
    await sectionNav(page).getByRole("link", { name: "Gateways" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Gateways" })).toBeVisible();
    const table = gatewaysTable(page);
    await filterGateways(page, { q: `e2e-gw-${suffix}`, licenceType: "Pay-As-You-Go" });
    await expect(table.getByRole("row").filter({ hasText: suffix }).getByRole("link")).toHaveText([new RegExp(`^${newGateway}`)]);
    await filterGateways(page, { licenceType: "Subscription" });
    await expect(table.getByRole("row").filter({ hasText: suffix }).getByRole("link")).toHaveText([new RegExp(`^${oldGateway}`)]);
    await expectNoSeriousA11yViolations(page, "Gateways filtered");
  });

  await test.step("Gateways: filter by plan with the keyboard (plans are searched on the server, not listed)", async () => {
    await filterGateways(page, { q: "", licenceType: "All" });
    const table = gatewaysTable(page);
    const search = page.getByRole("search");
    // The page carries no list of plans: only the filter's button with the current choice.
    expect(await search.locator("option").filter({ hasText: planName }).count()).toBe(0);
    const planButton = search.getByRole("button", { name: /^Plan / });
    await expect(planButton).toHaveAccessibleName("Plan All plans");
    await waitForHydration(planButton);

    // From the License type filter, Tab reaches the Plan filter; Enter opens its search.
    await search.getByLabel("License type").focus();
    await page.keyboard.press("Tab");
    await expect(planButton).toBeFocused();
    await page.keyboard.press("Enter");
    const searchBox = page.getByRole("combobox", { name: "Search plans by name" });
    await expect(searchBox).toBeFocused();
    await page.keyboard.type(suffix);
    const popover = page.getByRole("dialog", { name: "Plan" });
    const match = popover.getByRole("option", { name: new RegExp(`^${planName}`) });
    await expect(match).toBeVisible();
    await expect(popover.getByRole("option")).toHaveCount(2); // "All plans" and the one match
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "gateways-plan-filter.png") });
    await page.keyboard.press("ArrowDown");
    await expect(match).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(popover).toHaveCount(0);
    await expect(planButton).toBeFocused();
    await expect(planButton).toHaveAccessibleName(`Plan ${planName}`);
    // Tab on to "Apply filters"; Enter applies.
    await page.keyboard.press("Tab");
    await expect(search.getByRole("button", { name: "Apply filters" })).toBeFocused();
    await page.keyboard.press("Enter");
    await page.waitForURL(/[?&]plan=[0-9a-f-]{36}/);

    const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
    await expect(rows.getByRole("link")).toHaveText([new RegExp(`^${newGateway}`), new RegExp(`^${oldGateway}`)]);
    const planIndex = (await table.getByRole("columnheader").allTextContents()).findIndex((text) => text.includes("Plan"));
    const plans = await rows.evaluateAll((trs, column) => trs.map((tr) => tr.children[column]?.textContent?.trim()), planIndex);
    expect(new Set(plans)).toEqual(new Set([planName]));
    if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "gateways-filtered-by-plan.png"), fullPage: true });
    await expectNoSeriousA11yViolations(page, "Gateways filtered by plan");

    // After a reload the filter names the plan (the URL carries only its id).
    await page.reload();
    await expect(planButton).toHaveAccessibleName(`Plan ${planName}`);

    // Clearing: "All plans" (first in the list), then Apply; the URL loses plan=.
    await waitForHydration(planButton);
    await planButton.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("combobox", { name: "Search plans by name" })).toBeFocused();
    await expect(popover.getByRole("option", { name: /^All plans/ })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(planButton).toHaveAccessibleName("Plan All plans");
    await search.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/gateways") && !url.searchParams.has("plan"));
    await expect(planButton).toHaveAccessibleName("Plan All plans");
  });

  await test.step("License → Subscription, confirmed in the dialog", async () => {
    await sectionNav(page).getByRole("link", { name: "Plans" }).click();
    await chooseRowAction(page.getByRole("table", { name: "Plans" }).getByRole("row").filter({ hasText: planName }), `License page of ${planName}`);
    const form = await licenceForm();
    await form.getByRole("radio", { name: /^Subscription/ }).check();
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(dialog).toBeVisible();
    await expectNoSeriousA11yViolations(page, "License with the Select Subscription Licensing dialog");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status")).toHaveText("The plan is on subscription licensing.");
    await expect(page.getByRole("main")).toContainText("currently Subscription");
  });

  await test.step("Assign gateways: searched on the server, picked one by one, assigned together", async () => {
    const otherPlan = `E2E Plan ${suffix} B`;
    await sectionNav(page).getByRole("link", { name: "Plans" }).click();
    const create = page.locator("form").filter({ has: page.getByRole("button", { name: "Create plan" }) });
    await waitForHydration(create);
    await create.getByLabel("Plan name").fill(otherPlan);
    await create.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByRole("heading", { level: 1, name: otherPlan })).toBeVisible();

    const assign = page.locator("form").filter({ has: page.getByRole("button", { name: "Assign to plan" }) });
    await waitForHydration(assign);
    // The page carries no candidates: nothing is picked until the person searches.
    await expect(assign.getByRole("group", { name: "Gateways to assign" })).toContainText("None chosen yet.");
    await expect(assign.locator('input[name="gatewayIds"]')).toHaveCount(0);
    // Assigning nothing is refused on the field, and focus lands on it.
    await assign.getByRole("button", { name: "Assign to plan" }).click();
    await expect(assign).toContainText("Choose at least one gateway.");
    await expect(comboboxField(assign, "Add a gateway")).toBeFocused();

    const field = comboboxField(assign, "Add a gateway");
    await chooseInCombobox(field, { type: `e2e-gw-${suffix}`, option: new RegExp(`^${oldGateway}.*now in ${planName}`) });
    await chooseInCombobox(field, { type: `e2e-gw-${suffix}`, option: new RegExp(`^${newGateway}`) });
    const picked = assign.getByRole("group", { name: "Gateways to assign" }).getByRole("listitem");
    await expect(picked).toHaveCount(2);
    await assign.getByRole("button", { name: `Remove ${oldGateway}` }).click();
    await expect(picked).toHaveCount(1);
    await expect(picked).toContainText(newGateway);
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "plan-assign-gateways.png"), fullPage: true });
    await expectNoSeriousA11yViolations(page, "plan with a gateway picked to assign");

    await assign.getByRole("button", { name: "Assign to plan" }).click();
    await expect(page.getByRole("status").filter({ hasText: "1 gateway assigned to the plan." })).toBeVisible();
    const members = page.locator("section").filter({ has: page.getByRole("heading", { name: "Gateways in this plan (1)" }) });
    await expect(members.getByRole("link")).toHaveText([newGateway]);
    // A success empties the picks; the gateway now on the plan is no longer offered.
    await expect(picked).toHaveCount(0);
    await field.focus();
    await page.keyboard.press("Enter");
    const popover = page.getByRole("dialog", { name: "Add a gateway" });
    const answered = page.waitForResponse((response) => new URL(response.url()).searchParams.get("q") === `e2e-gw-${suffix}`);
    await page.keyboard.type(`e2e-gw-${suffix}`);
    await answered;
    await expect(popover.getByRole("option")).toHaveText([new RegExp(`^${oldGateway}`)]);
    await page.keyboard.press("Escape");
  });
});

test("the Gateways License type column is hidden by default; showing it is remembered per person", async ({ page, browser }) => {
  // A person of our own: the column choice is a per-user preference, and demo users are shared by parallel tests.
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const email = uniqueEmail("gateways.admin");
  const password = await addUser(page, bluewaveId, { email, name: "Gale Gateway", role: "Admin" });

  const admin = await freshPage(browser);
  try {
    expect(await signIn(admin, email, password)).toBe(bluewaveId);
    await sectionNav(admin).getByRole("link", { name: "Gateways" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Gateways" })).toBeVisible();
    const table = gatewaysTable(admin);
    const licenceHeader = table.getByRole("columnheader", { name: "License type" });
    await expect(table.getByRole("columnheader", { name: "Firmware" })).toBeVisible();
    await expect(licenceHeader).toHaveCount(0);

    const columnsButton = admin.getByRole("button", { name: "Columns" });
    await waitForHydration(columnsButton);
    await columnsButton.click();
    const licenceColumn = admin.getByRole("checkbox", { name: "License type" });
    await expect(licenceColumn).not.toBeChecked();
    await expectNoSeriousA11yViolations(admin, "Gateways with the column selector open");
    const saved = admin.waitForResponse((response) => response.request().method() === "POST" && "next-action" in response.request().headers());
    await licenceColumn.check();
    await expect(licenceHeader).toBeVisible();
    expect((await saved).ok()).toBe(true);

    // Remembered: it survives a reload.
    await admin.reload();
    await expect(licenceHeader).toBeVisible();
    await admin.getByRole("button", { name: "Columns" }).click();
    await expect(admin.getByRole("checkbox", { name: "License type" })).toBeChecked();
    await expectNoSeriousA11yViolations(admin, "Gateways with the License type column");

    // Filtering by licence type shows only matching rows.
    for (const licenceType of ["Pay-As-You-Go", "Subscription"] as const) {
      await filterGateways(admin, { licenceType });
      await expect(licenceHeader).toBeVisible();
      const rows = table.getByRole("row").filter({ has: admin.getByRole("cell") });
      await expect(rows.first()).toBeVisible();
      const firstCell = await cellUnder(table, rows.first(), "License type");
      await expect(firstCell).toHaveText(licenceType);
      const index = (await table.getByRole("columnheader").allTextContents()).findIndex((text) => text.includes("License type"));
      const values = await rows.evaluateAll((trs, column) => trs.map((tr) => tr.children[column]?.textContent?.trim()), index);
      expect(new Set(values), licenceType).toEqual(new Set([licenceType]));
    }
  } finally {
    await admin.context().close();
  }

  // The preference is that person's own: Mia still sees the default columns.
  await page.goto(`/a/${bluewaveId}/gateways`);
  await expect(gatewaysTable(page).getByRole("columnheader", { name: "Firmware" })).toBeVisible();
  await expect(gatewaysTable(page).getByRole("columnheader", { name: "License type" })).toHaveCount(0);
});
