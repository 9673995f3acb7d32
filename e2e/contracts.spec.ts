import { writeFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { USERS, alerts, freshPage, signIn } from "./support/auth";
import { createAccountForm, createCustomer, unique, uniqueCustomerName } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";
import {
  chooseServiceAndType,
  contractRow,
  contractsTable,
  expectContractAdded,
  openAddContract,
  openContractsTab,
} from "./support/contracts";
import { csvLines, download } from "./support/downloads";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { switchAccount } from "./support/switcher";
import { cellUnder, chooseRowAction, rowActionNames, showColumn } from "./support/tables";
import { answerConfirmDialog } from "./support/dialogs";

const NFR_ALREADY_USED = "This account has already had a Not For Resale contract for this service; it cannot be added again.";

/** Opens a contract's Edit or Cancel page from its row. */
async function openContractPage(page: Page, contractId: string, action: "Edit Contract" | "Cancel Contract") {
  await chooseRowAction(contractRow(page, contractId), `${action} ${contractId}`);
  await expect(page.getByRole("heading", { level: 1, name: action })).toBeVisible();
  await expect(page.getByText(contractId)).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: action === "Edit Contract" ? "Apply changes" : "Cancel Contract" }) });
  await waitForHydration(form);
  return form;
}

test("an MSSP admin gives a new MSSP child account a Not For Resale contract, once per service", async ({ page }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E MSSP Child");

  await test.step("create the MSSP child account", async () => {
    await sectionNav(page).getByRole("link", { name: "Manage Accounts" }).click();
    await page.getByRole("main").getByRole("link", { name: "Create account" }).click();
    const form = await createAccountForm(page);
    await form.getByLabel("Account name").fill(name);
    await form.getByLabel("Kind").selectOption({ label: "Partner – MSSP" });
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(new RegExp(`/a/${bluewaveId}/accounts\\?created=[0-9a-f-]{36}`));
    await expect(page.getByRole("status").filter({ hasText: "Account created." })).toBeVisible();
  });

  await switchAccount(page, USERS.msspAdmin.account, name);
  await openContractsTab(page);
  await expect(page.getByText("No contracts yet")).toBeVisible();

  let contractId = "";
  await test.step("add a Not For Resale contract for Harmony Browse", async () => {
    const form = await openAddContract(page);
    await chooseServiceAndType(form, "Harmony Browse", "Not For Resale");
    // NFR has the service's predefined units: shown, not editable.
    const units = form.getByLabel("Quantity threshold");
    await expect(units).toBeDisabled();
    await expect(units).toHaveValue("25");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    contractId = await expectContractAdded(page);
  });

  const table = contractsTable(page);
  const row = contractRow(page, contractId);
  await expect(row).toHaveCount(1);
  await expect(await cellUnder(table, row, "Service name")).toHaveText("Harmony Browse");
  await expect(await cellUnder(table, row, "Contract type")).toHaveText("Not For Resale");
  await expect(await cellUnder(table, row, "Contracts Status")).toHaveText("Active");
  await expect(await cellUnder(table, row, "Quantity threshold")).toHaveText("25");
  // An NFR cannot be edited.
  expect(await rowActionNames(row)).not.toContainEqual(expect.stringMatching(/^Edit Contract/));

  await test.step("a second NFR for the same service is refused", async () => {
    const form = await openAddContract(page);
    await chooseServiceAndType(form, "Harmony Browse", "Not For Resale");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await expect(alerts(page)).toHaveText(NFR_ALREADY_USED);
    await expect(page).toHaveURL(/\/contracts\/new$/);
    await page.getByRole("main").getByRole("link", { name: "Cancel", exact: true }).click();
    await expect(contractsTable(page).getByRole("row")).toHaveCount(2); // the header and the one NFR
  });
});

test("a Pay-As-You-Go contract is added, edited, canceled (an AddOn, then all of it) and archived", async ({ page }) => {
  test.slow(); // one long journey through five pages
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E PAYG");
  await createCustomer(page, bluewaveId, name);
  await switchAccount(page, USERS.msspAdmin.account, name);
  await openContractsTab(page);
  await expectNoSeriousA11yViolations(page, "Services & Contracts (empty)");

  let contractId = "";
  await test.step("add: quantity 10 with two AddOns", async () => {
    const form = await openAddContract(page);
    await expectNoSeriousA11yViolations(page, "Add Contract");
    await chooseServiceAndType(form, "Quantum Spark Management", "Pay-As-You-Go");
    await form.getByLabel("Package (SKU)").selectOption({ label: "Spark Management Pay-As-You-Go (QSM-MGMT-PAYG)" });
    await form.getByLabel("Quantity threshold").fill("10");
    await form.getByRole("checkbox", { name: /^Threat Prevention/ }).check();
    await form.getByRole("checkbox", { name: /^SD-WAN/ }).check();
    await expectNoSeriousA11yViolations(page, "Add Contract, filled in");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    contractId = await expectContractAdded(page);
  });

  const table = contractsTable(page);
  const row = contractRow(page, contractId);
  await showColumn(page, "AddOns");
  const addOns = await cellUnder(table, row, "AddOns");
  const quantity = await cellUnder(table, row, "Quantity threshold");
  await expect(await cellUnder(table, row, "Contract type")).toHaveText("Pay-As-You-Go");
  await expect(await cellUnder(table, row, "Package (SKU)")).toHaveText("QSM-MGMT-PAYG");
  await expect(addOns).toContainText("QSM-ADD-TP");
  await expect(addOns).toContainText("QSM-ADD-SDWAN");
  await expect(quantity).toHaveText("10");
  await expectNoSeriousA11yViolations(page, "Services & Contracts with a contract");

  await test.step("edit: quantity 25", async () => {
    const form = await openContractPage(page, contractId, "Edit Contract");
    await expectNoSeriousA11yViolations(page, "Edit Contract");
    await form.getByLabel("Quantity threshold").fill("25");
    await form.getByRole("button", { name: "Apply changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Changes applied." })).toBeVisible();
    await expect(quantity).toHaveText("25");
  });

  await test.step("cancel only the Threat Prevention AddOn", async () => {
    const form = await openContractPage(page, contractId, "Cancel Contract");
    await expectNoSeriousA11yViolations(page, "Cancel Contract");
    const onlyTheAddOn = form.getByRole("radio", { name: "Only the AddOn Threat Prevention (QSM-ADD-TP)" });
    await onlyTheAddOn.check();
    // Forgetting the reason is refused, and what was chosen stays chosen.
    await form.getByRole("button", { name: "Cancel Contract" }).click();
    await expect(form.getByLabel("Reason")).toHaveAccessibleDescription("Give a reason for canceling (at least 3 characters).");
    await expect(onlyTheAddOn).toBeChecked();
    await form.getByLabel("Reason").fill("E2E: customer dropped threat prevention");
    await form.getByRole("button", { name: "Cancel Contract" }).click();
    await expect(page.getByRole("status").filter({ hasText: "AddOn canceled." })).toBeVisible();
    await expect(addOns).not.toContainText("QSM-ADD-TP");
    await expect(addOns).toContainText("QSM-ADD-SDWAN");
    await expect(await cellUnder(table, row, "Contracts Status")).toHaveText("Active");
  });

  await test.step("cancel the whole contract", async () => {
    const form = await openContractPage(page, contractId, "Cancel Contract");
    await expect(form.getByRole("radio", { name: "The whole contract" })).toBeChecked();
    await form.getByLabel("Reason").fill("E2E: customer left");
    await form.getByRole("button", { name: "Cancel Contract" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Contract canceled." })).toBeVisible();
    await expect(await cellUnder(table, row, "Contracts Status")).toHaveText("Canceled");
    // Canceled: nothing left to edit or cancel, but it can be archived.
    expect(await rowActionNames(row)).toEqual([`Archive contract ${contractId}`]);
  });

  await test.step("archive it; it shows again with Show archived contracts", async () => {
    await chooseRowAction(row, `Archive contract ${contractId}`);
    await answerConfirmDialog(page, "Archive contract", { text: `Archive contract ${contractId}?` });
    await expect(page.getByRole("status").filter({ hasText: "Contract archived." })).toBeVisible();
    await expect(row).toHaveCount(0);
    await expect(page.getByText("No contracts yet")).toBeVisible();

    const filters = page.getByRole("search");
    await filters.getByRole("checkbox", { name: "Show archived contracts" }).check();
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]archived=1/);
    await expect(row).toHaveCount(1);
    await expect(await cellUnder(table, row, "Contracts Status")).toHaveText(/Canceled\s*Archived/);
    expect(await rowActionNames(row)).not.toContain(`Archive contract ${contractId}`);
  });
});

test("a distributor admin adds a subscription two levels down; the order reference is required", async ({ page, browser }) => {
  // Mia creates the customer under Bluewave; Dana, at the distributor above, adds its contract.
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E Subscription");
  await createCustomer(page, bluewaveId, name);

  const dana = await freshPage(browser);
  try {
    await signIn(dana, USERS.distributorAdmin.email);
    await expect(sectionNav(dana).getByRole("link", { name: "Services & Contracts" })).toHaveCount(0);

    await test.step("Jobs, on the top-level account", async () => {
      await sectionNav(dana).getByRole("link", { name: "Jobs" }).click();
      await expect(dana.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
      await expect(dana.getByRole("table", { name: "Job runs" }).or(dana.getByText("No run yet"))).toBeVisible();
      // A run lists its steps, each with its duration and counts in words (the seed's daily run meters days).
      await expect(dana.getByRole("table", { name: /^Steps of meter / }).first().or(dana.getByText("No run yet"))).toBeVisible();
      await expect(dana.getByRole("rowheader", { name: "Meter days" }).first().or(dana.getByText("No run yet"))).toBeVisible();
      await expectNoSeriousA11yViolations(dana, "Jobs");
    });

    await switchAccount(dana, USERS.distributorAdmin.account, name);
    await openContractsTab(dana);
    const form = await openAddContract(dana);
    await chooseServiceAndType(form, "Harmony Browse", "Subscription");
    // NFR is only for MSSP accounts: a customer is not offered it.
    await expect(form.getByRole("radio", { name: "Not For Resale" })).toHaveCount(0);
    await form.getByLabel("Quantity threshold").fill("50");
    await form.getByRole("button", { name: "Add", exact: true }).click();

    const reference = form.getByLabel("Order / User Center reference");
    await expect(alerts(dana)).toHaveText("Check the highlighted fields.");
    await expect(reference).toHaveAttribute("aria-invalid", "true");
    await expect(reference).toHaveAccessibleDescription(/A subscription needs its order \/ User Center reference\./);
    await expect(dana).toHaveURL(/\/contracts\/new$/);
    await expectNoSeriousA11yViolations(dana, "Add Contract with a field error");

    const orderReference = `SO-E2E-${unique()}`;
    await reference.fill(orderReference);
    await form.getByLabel("Quantity threshold").fill("50");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    const contractId = await expectContractAdded(dana);

    const table = contractsTable(dana);
    const row = contractRow(dana, contractId);
    await showColumn(dana, "User Center ID");
    await expect(await cellUnder(table, row, "Contract type")).toHaveText("Subscription");
    await expect(await cellUnder(table, row, "Quantity threshold")).toHaveText("50");
    await expect(await cellUnder(table, row, "User Center ID")).toHaveText(orderReference);
    await expect(await cellUnder(table, row, "Expires on")).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  } finally {
    await dana.context().close();
  }
});

test("a customer admin reads Harbor's contracts without changing them, exports them and opens Sync UC", async ({ page }) => {
  const harborId = await signIn(page, USERS.customerAdmin.email);
  await openContractsTab(page);
  await expect(page.getByText("managed by its parent account (read-only)")).toBeVisible();

  const table = contractsTable(page);
  await showColumn(page, "User Center ID");
  await expect(table.getByRole("row").filter({ hasText: "SO-2025-11873" })).toContainText("Harmony Browse");
  await expect(page.getByRole("link", { name: "Add Contract" })).toHaveCount(0);
  // Read-only: no row has an actions menu.
  await expect(table.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  const response = await page.goto(`/a/${harborId}/contracts/new`);
  expect(response?.status()).toBe(404);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Services & Contracts" })).toBeVisible();

  await test.step("Export CSV and Excel", async () => {
    const csv = await download(page, page.getByRole("link", { name: /^Export CSV/ }));
    expect(csv.download.suggestedFilename()).toMatch(/^contracts-harbor-community-bank-\d{8}\.csv$/);
    const { header, rows } = csvLines(csv.bytes);
    const columns = header.split(",");
    expect(columns).toContain("Service name");
    expect(columns).toContain("Contracts Status");
    expect(rows.some((line) => line.includes("SO-2025-11873"))).toBe(true);

    const xlsx = await download(page, page.getByRole("link", { name: /^Export Excel/ }));
    expect(xlsx.download.suggestedFilename()).toMatch(/^contracts-harbor-community-bank-\d{8}\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  });

  await test.step("Sync UC (Harbor has a User Center ID)", async () => {
    await page.getByRole("main").getByRole("link", { name: "Sync UC" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sync UC" })).toBeVisible();
    await expect(page.getByText("UC-300415")).toBeVisible();
    await expectNoSeriousA11yViolations(page, "Sync UC");
  });
});

test("an API key is shown once, works, and is refused once revoked", async ({ page, request }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E API");
  const customerId = await createCustomer(page, bluewaveId, name);
  await switchAccount(page, USERS.msspAdmin.account, name);
  await sectionNav(page).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(page.getByText("No API keys yet")).toBeVisible();

  const keyName = `E2E key ${unique()}`;
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create key" }) });
  await waitForHydration(form);
  await form.getByLabel("Key name").fill(keyName);
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Key "${keyName}" created. Copy it now: it is shown only once.` })).toBeVisible();
  const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^mlp_\S+$/);
  const keys = page.getByRole("table", { name: "API keys" });
  const row = keys.getByRole("row").filter({ hasText: keyName });
  await expect(row).toContainText("Active");
  await expect(row).toContainText(USERS.msspAdmin.email);
  await expectNoSeriousA11yViolations(page, "API keys with a new key");

  const listWithKey = () =>
    request.get(`/api/v1/contracts?accountId=${customerId}`, { headers: { Authorization: `Bearer ${key}` } });
  const ok = await listWithKey();
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ data: [], nextCursor: null });

  // Shown once: a reload no longer shows it.
  await page.reload();
  await expect(row).toContainText("Active");
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);

  await chooseRowAction(row, `Revoke ${keyName}`);
  await answerConfirmDialog(page, "Revoke API key", { text: `Revoke the key "${keyName}"?`, confirmLabel: "Revoke" });
  await expect(page.getByRole("status").filter({ hasText: "Key revoked." })).toBeVisible();
  await expect(row).toContainText("Revoked");
  expect(await rowActionNames(row)).toEqual([]);

  const refused = await listWithKey();
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
});

test("importing contracts: a bad file shows each row's error and imports nothing; a good one imports", async ({ page }, testInfo) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const name = uniqueCustomerName("E2E Import");
  const customerId = await createCustomer(page, bluewaveId, name);
  await switchAccount(page, USERS.msspAdmin.account, name);
  await openContractsTab(page);
  await page.getByRole("main").getByRole("link", { name: "Import contracts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import contracts" })).toBeVisible();

  const header = "Account,Service,Contract type,Package (SKU),AddOns,Quantity,Subscription reference";
  const upload = async (filename: string, lines: string[]) => {
    const file = testInfo.outputPath(filename);
    await writeFile(file, [header, ...lines].join("\n") + "\n");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Preview" }) });
    await waitForHydration(form);
    await form.getByLabel("Contracts file (.csv or .xlsx)").setInputFiles(file);
    await form.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByRole("heading", { level: 2, name: `2. Preview of ${filename}` })).toBeVisible();
    return page.getByRole("table", { name: "Rows of the uploaded file" });
  };
  // Row 0 is the header; the file's line 2 (its first contract) is row 1.
  const resultOf = (preview: Locator, line: number) => preview.getByRole("row").nth(line - 1).getByRole("cell").last();

  await test.step("a bad file: per-row errors, no import button", async () => {
    const preview = await upload("bad-contracts.csv", [
      `${customerId},Harmony Browse,NFR,,,,`,
      `${customerId},Harmony Browse,SUBSCRIPTION,,,30,`,
      `00000000-0000-4000-8000-000000000000,Harmony Browse,PAYG,,,5,`,
    ]);
    await expect(page.getByText("3 with errors")).toBeVisible();
    await expect(resultOf(preview, 2)).toHaveText("Not For Resale contracts are only for Partner – MSSP accounts, never for customers.");
    await expect(resultOf(preview, 3)).toHaveText(/A subscription needs its order \/ User Center reference\./);
    await expect(resultOf(preview, 4)).toHaveText(
      'Account: "00000000-0000-4000-8000-000000000000" was not found. Use the account\'s name, its id or its User Center ID.',
    );
    await expect(page.getByText("Nothing was written.")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Import \d+ contracts$/ })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, "Import contracts with errors");
  });

  const reference = `SO-E2E-${unique()}`;
  await test.step("a good file: preview OK, then import", async () => {
    const preview = await upload("good-contracts.csv", [`${customerId},Harmony Browse,SUBSCRIPTION,HB-STD,HB-ADD-DLP,30,${reference}`]);
    await expect(page.getByText("no errors")).toBeVisible();
    await expect(resultOf(preview, 2)).toHaveText("OK");
    await expectNoSeriousA11yViolations(page, "Import contracts preview");
    const importButton = page.getByRole("button", { name: "Import 1 contract" });
    await waitForHydration(importButton);
    await importButton.click();
    await expect(page.getByRole("status").filter({ hasText: "1 contract imported." })).toBeVisible();
  });

  // Only the good file's contract exists: the bad one wrote nothing.
  const table = contractsTable(page);
  await expect(table.getByRole("row")).toHaveCount(2);
  await showColumn(page, "User Center ID");
  await showColumn(page, "AddOns");
  const row = table.getByRole("row").filter({ hasText: reference });
  await expect(await cellUnder(table, row, "Contract type")).toHaveText("Subscription");
  await expect(await cellUnder(table, row, "Quantity threshold")).toHaveText("30");
  await expect(await cellUnder(table, row, "AddOns")).toHaveText("HB-ADD-DLP");
});
