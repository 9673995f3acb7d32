import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, USERS, signIn } from "./support/auth";
import { chooseInCombobox, comboboxField } from "./support/combobox";
import { chooseLastOption, expectRefusedSubmitKeepsValues, formWithButton } from "./support/forms";
import { waitForHydration } from "./support/hydration";
import { contractsTable, openAddContract, openContractsTab } from "./support/contracts";
import { switchAccount } from "./support/switcher";
import { chooseRowAction } from "./support/tables";

/**
 * Every form of the portal keeps what was entered after a refused submit, and focus goes to
 * the first field in error (docs/screens.md, "Forms"). Nothing here is saved: each submit is refused.
 */

async function open(page: Page, user: { email: string }, path: string): Promise<string> {
  const id = await signIn(page, user.email);
  await page.goto(`/a/${id}${path}`);
  return id;
}

test("Request license keeps the location and every other choice", async ({ page }) => {
  await open(page, USERS.distributorAdmin, "/licences/new");
  const form = formWithButton(page, "Generate license");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      // Below Bluewave Iberia, below Bluewave Security: two partners, the nearest first.
      await chooseInCombobox(comboboxField(f, "ID Location"), { type: "Mar Azul", option: /^Mar Azul Beach Resort — Hotel Mar Azul/ });
      await chooseLastOption(f.getByLabel("Partner/integrator"));
      await f.getByLabel("Number of years of contract").selectOption({ label: "3 years" });
      await f.getByLabel("Form of payment").selectOption({ label: "Monthly" });
      await f.getByLabel("Analytics").check();
    },
    bad: form.locator('input[name="units"]'),
    badValue: "0",
  });
  await expect(comboboxField(form, "ID Location")).toHaveText(/^Mar Azul Beach Resort/);
});

test("Assign licences keeps the pool and the client account", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/pools");
  const form = formWithButton(page, "Assign licences");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await chooseLastOption(f.getByLabel("Pool"));
      await chooseInCombobox(comboboxField(f, "Client account"), { type: "Foxglove", option: /^Foxglove Architects/ });
    },
    bad: form.getByLabel("Licences to assign"),
    badValue: "0",
  });
});

test("A combobox field left empty shows its error under it and takes the focus", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/pools");
  const form = formWithButton(page, "Assign licences");
  await waitForHydration(form);
  const client = comboboxField(form, "Client account");
  await expect(client).toHaveText(/^Choose a client/);
  await chooseLastOption(form.getByLabel("Pool"));
  await form.getByLabel("Licences to assign").fill("1");
  await form.getByRole("button", { name: "Assign licences" }).click();
  await expect(client).toHaveAttribute("aria-invalid", "true");
  await expect(client).toBeFocused();
  await expect(client).toHaveAccessibleDescription("Choose a client account.");
  const shots = process.env.E2E_SCREENSHOTS;
  if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "combobox-field-error.png") });
});

test("Create account keeps kind, timezone and the other fields", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/accounts/new");
  const form = formWithButton(page, "Create account");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Kind").selectOption({ label: "Customer" });
      await chooseLastOption(f.getByLabel("Billing timezone"));
      await f.getByLabel("User Center ID").fill("UC-KEEP-1");
    },
    bad: form.getByLabel("Account name"),
    badValue: "",
  });
});

test("Settings keep the timezone after a refused save", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/settings");
  const form = formWithButton(page, "Save changes");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await chooseLastOption(f.getByLabel("Billing timezone"));
    },
    bad: form.getByLabel("Account name"),
    badValue: "",
  });
});

test("Add user keeps the name and the role", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/users");
  const form = formWithButton(page, "Add user");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Name").fill("Kept Name");
      await chooseLastOption(f.getByLabel("Role"));
    },
    bad: form.getByLabel("Email"),
    badValue: "not-an-email",
  });
});

test("Register gateway keeps the owner, the plan and the typed fields", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/gateways/new");
  const form = formWithButton(page, "Register gateway");
  const shots = process.env.E2E_SCREENSHOTS;
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Serial number").fill("SN-KEEP-1");
      await f.getByLabel("Firmware version").fill("R82.10");
      // The owner's plans and those above it are offered: Harbor's bank plan belongs to Bluewave.
      await chooseInCombobox(comboboxField(f, "Owning account"), { type: "Harbor", option: /^Harbor Community Bank/ });
      await chooseInCombobox(comboboxField(f, "Plan"), {
        type: "harbor",
        option: /^Harbor Bank network/,
        beforeChoosing: async () => {
          if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "gateway-form-plan-combobox.png") });
        },
      });
    },
    bad: form.getByLabel("Name"),
    badValue: "",
  });
  // After the refusal each combobox still shows its choice by name, and sends its id.
  await expect(comboboxField(form, "Owning account")).toHaveText(/^Harbor Community Bank/);
  await expect(comboboxField(form, "Plan")).toHaveText(/^Harbor Bank network/);
  await expect(form.locator('input[name="planId"]')).toHaveValue(/^[0-9a-f-]{36}$/);
  if (shots) await page.screenshot({ path: path.join(path.resolve(shots), "gateway-form-refused.png"), fullPage: true });
});

test("Create location keeps the address and the sector", async ({ page }) => {
  await open(page, USERS.customerAdmin, "/locations");
  const form = formWithButton(page, "Create location");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Address").fill("1 Kept Street");
      await chooseLastOption(f.getByLabel("Sector"));
    },
    bad: form.getByLabel("Site name"),
    badValue: "",
  });
});

test("Add Contract keeps the service, type, package and AddOns", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await switchAccount(page, USERS.msspAdmin.account, USERS.customerAdmin.account);
  await openContractsTab(page);
  const form = await openAddContract(page);
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await chooseLastOption(f.getByLabel("Service name"));
      await f.getByRole("radio").last().check();
      const addOn = f.getByRole("checkbox").first();
      if (await addOn.count()) await addOn.check();
    },
    bad: form.getByLabel("Quantity threshold"),
    badValue: "0",
  });
});

test("Edit Contract keeps its fields", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  await switchAccount(page, USERS.msspAdmin.account, USERS.customerAdmin.account);
  await openContractsTab(page);
  // A Pay-As-You-Go contract: its quantity can be edited.
  await chooseRowAction(contractsTable(page).getByRole("row").filter({ hasText: "Pay-As-You-Go" }).first(), /^Edit Contract/);
  const form = formWithButton(page, "Apply changes");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      const addOn = f.getByRole("checkbox").first();
      if (await addOn.count()) await addOn.setChecked(!(await addOn.isChecked()));
    },
    bad: form.getByLabel("Quantity threshold"),
    badValue: "0",
  });
});

test("Create plan and API key show the error on their field", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/plans");
  await expectRefusedSubmitKeepsValues(formWithButton(page, "Create plan"), {
    fill: async () => {},
    bad: formWithButton(page, "Create plan").getByLabel("Plan name"),
    badValue: "",
  });
  const id = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`/a/${id}/api-keys`);
  await expectRefusedSubmitKeepsValues(formWithButton(page, "Create key"), {
    fill: async () => {},
    bad: formWithButton(page, "Create key").getByLabel("Key name"),
    badValue: "",
  });
});

test("Change password keeps the typed passwords", async ({ page }) => {
  await open(page, USERS.msspViewer, "/profile");
  const form = formWithButton(page, "Change password");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Current password").fill(DEMO_PASSWORD);
      await f.getByLabel("Repeat the new password").fill("short");
    },
    bad: form.getByLabel("New password", { exact: true }),
    badValue: "short",
  });
});

test("Add end user and Create group keep the other fields", async ({ page }) => {
  await open(page, USERS.customerAdmin, "/end-users");
  const endUser = formWithButton(page, "Add end user");
  await expectRefusedSubmitKeepsValues(endUser, {
    fill: async (f) => {
      await f.getByLabel("Name").fill("Kept Person");
      await f.getByLabel("External id").fill("kept-1");
    },
    bad: endUser.getByLabel("Email"),
    badValue: "not-an-email",
  });
  const id = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`/a/${id}/groups`);
  const group = formWithButton(page, "Create group");
  await expectRefusedSubmitKeepsValues(group, {
    fill: async (f) => {
      await f.getByLabel("Description").fill("Kept description");
    },
    bad: group.getByLabel("Name"),
    badValue: "",
  });
});

test("Send Key keeps the typed key and focuses it when refused", async ({ page }) => {
  await open(page, USERS.customerAdmin, "/locations");
  await page.getByRole("main").getByRole("link", { name: "Harbor Marina Kiosk" }).first().click();
  const license = page.getByRole("button", { name: "License" });
  await license.click();
  const form = formWithButton(page, "Send Key");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async () => {},
    bad: form.getByLabel("License Number"),
    badValue: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE",
  });
});

test("Add price book keeps the currency when the name is taken", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/prices");
  const form = formWithButton(page, "Add price book");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Currency").selectOption("CHF");
    },
    bad: form.getByLabel("Name"),
    badValue: "standard",
  });
  await expect(form.getByText("There is already a price book named “standard”.")).toBeVisible();
});

test("Add override keeps the SKU, kind and month when the discount is over 100 %", async ({ page }) => {
  await open(page, USERS.msspAdmin, "/prices/buyers");
  await page.getByRole("table", { name: "Buyers" }).getByRole("link", { name: "Atlas Engineering" }).click();
  const form = formWithButton(page, "Add override");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await chooseInCombobox(comboboxField(f, "SKU"), { type: "QSM-MGMT-PAYG", option: /^QSM-MGMT-PAYG/ });
      await chooseLastOption(f.getByLabel("Price per"));
      await chooseLastOption(f.getByLabel("From month"));
    },
    bad: form.getByLabel("Discount (%)"),
    badValue: "150",
  });
  await expect(comboboxField(form, "SKU")).toContainText("QSM-MGMT-PAYG");
});

test("Billing profile keeps the address when the statement prefix is refused", async ({ page }) => {
  await open(page, USERS.customerAdmin, "/settings");
  const form = formWithButton(page, "Save billing profile");
  await expectRefusedSubmitKeepsValues(form, {
    fill: async (f) => {
      await f.getByLabel("Address").fill("1 Quay\nPortsmouth");
    },
    bad: form.getByLabel("Statement prefix"),
    badValue: "H",
  });
});
