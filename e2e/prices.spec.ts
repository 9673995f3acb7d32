import { expect, test, type Locator, type Page } from "@playwright/test";
import { USERS, freshPage, signIn } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { chooseInCombobox, comboboxField } from "./support/combobox";
import { chooseLastOption, expectRefusedSubmitKeepsValues, formWithButton } from "./support/forms";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";
import { saveScreenshot } from "./support/screenshots";

/** With E2E_SCREENSHOTS=<dir>, each price book page is saved there at 1,440 px to look at. */
const shot = (page: Page, name: string) => saveScreenshot(page, `prices-1440-${name}`);

/** The month after this one, in words, as the "From month" picker proposes it (Bluewave is in Europe/London). */
function nextMonthLabel(): string {
  const [year, month] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit" }).format(new Date()).split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1)).toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
}

const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });
const rowWith = (table: Locator, ...texts: string[]) => texts.reduce((rows, text) => rows.filter({ hasText: text }), table.getByRole("row"));

/**
 * An MSSP admin's price books (docs/money.md#price-books): adds a book in US dollars, a price in it
 * from next month, sees a refused price keep every value and name its field, moves a customer onto
 * the new book and gives it a discount on every SKU's seats.
 */
test("an MSSP admin adds a book and a price, moves a customer onto it and gives a discount", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, USERS.msspAdmin.email);
  await sectionNav(page).getByRole("link", { name: "Price books" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Price books" })).toBeVisible();
  const books = page.getByRole("table", { name: "Price books" });
  await expect(rowWith(books, "Standard", "Default")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "price books");
  await shot(page, "books");

  // Add a book: its page opens, ready for prices.
  const addBook = formWithButton(page, "Add price book");
  await waitForHydration(addBook);
  const bookName = `Law firms ${Date.now().toString(36)}`;
  await addBook.getByLabel("Name").fill(bookName);
  await addBook.getByLabel("Currency").selectOption("USD");
  await addBook.getByRole("button", { name: "Add price book" }).click();
  await expect(page.getByRole("heading", { level: 1, name: bookName })).toBeVisible();
  await expect(status(page, "Price book added.")).toBeVisible();
  await expect(page.getByText("in US Dollar (USD)")).toBeVisible();

  // Add a price: the SKU's kinds are offered, the month defaults to next month.
  const addPrice = formWithButton(page, "Add price");
  await waitForHydration(addPrice);
  await chooseInCombobox(comboboxField(addPrice, "SKU"), { type: "HB-STD", option: /^HB-STD/ });
  await expect(addPrice.getByLabel("Price per")).toHaveValue("SEAT");
  await expect(addPrice.getByLabel("From month")).toHaveValue(/^\d{4}-\d{2}$/);
  await expect(addPrice.getByLabel("From month").locator("option:checked")).toHaveText(nextMonthLabel());
  await addPrice.getByLabel("Price (USD)").fill("4.75");
  await addPrice.getByRole("button", { name: "Add price" }).click();
  await expect(status(page, `Price of HB-STD added from ${nextMonthLabel()}.`)).toBeVisible();
  const prices = page.getByRole("table", { name: "Prices" });
  await expect(rowWith(prices, "HB-STD", "monthly-active seat", "USD 4.75", nextMonthLabel(), "Not yet in force")).toBeVisible();

  // A negative price is refused on its field, and every value stays as typed.
  await expectRefusedSubmitKeepsValues(addPrice, {
    fill: async (form) => {
      await chooseInCombobox(comboboxField(form, "SKU"), { type: "QSM-MGMT-STD", option: /^QSM-MGMT-STD/ });
      await chooseLastOption(form.getByLabel("Price per"));
      await chooseLastOption(form.getByLabel("From month"));
    },
    bad: addPrice.getByLabel("Price (USD)"),
    badValue: "-3",
  });
  await expect(addPrice.getByText("A price cannot be negative.")).toBeVisible();
  await expect(comboboxField(addPrice, "SKU")).toContainText("QSM-MGMT-STD");
  await expect(rowWith(prices, "QSM-MGMT-STD")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, "a price book");
  await shot(page, "book");

  // Buyers: find the customer, open it, move it onto the new book.
  await page.getByRole("navigation", { name: "Price book pages" }).getByRole("link", { name: "Buyers" }).click();
  await expect(page.getByRole("table", { name: "Buyers" })).toBeVisible();
  await shot(page, "buyers");
  await page.getByLabel("Search buyers").fill("Meridian");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const buyers = page.getByRole("table", { name: "Buyers" });
  await expect(buyers.getByRole("row")).toHaveCount(2);
  await expect(rowWith(buyers, "Meridian Law Partners", "Standard", "Default")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "buyers");
  await buyers.getByRole("link", { name: "Meridian Law Partners" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meridian Law Partners" })).toBeVisible();

  const bookForm = formWithButton(page, "Save price book");
  await waitForHydration(bookForm);
  await bookForm.getByLabel("Price book").selectOption({ label: `${bookName} (USD)` });
  await bookForm.getByRole("button", { name: "Save price book" }).click();
  await expect(status(page, "Price book saved.")).toBeVisible();

  // A discount of 12.5 % on every SKU's seats, from next month.
  const addOverride = formWithButton(page, "Add override");
  await waitForHydration(addOverride);
  await expect(comboboxField(addOverride, "SKU")).toContainText("Every SKU");
  await addOverride.getByLabel("Price per").selectOption({ label: "monthly-active seat" });
  await expect(addOverride.getByLabel("Override")).toHaveValue("DISCOUNT");
  await addOverride.getByLabel("Discount (%)").fill("150");
  await addOverride.getByRole("button", { name: "Add override" }).click();
  await expect(addOverride.getByText("A discount is at most 100 %.")).toBeVisible();
  await expect(addOverride.getByLabel("Discount (%)")).toBeFocused();
  await expect(addOverride.getByLabel("Price per")).toHaveValue("SEAT");
  await addOverride.getByLabel("Discount (%)").fill("12.5");
  await addOverride.getByRole("button", { name: "Add override" }).click();
  await expect(status(page, `Discount added from ${nextMonthLabel()}.`)).toBeVisible();
  await expect(rowWith(page.getByRole("table", { name: "Overrides" }), "Every SKU", "monthly-active seat", "12.5 % discount", "Not yet in force")).toBeVisible();
  await expect(page.getByLabel("Price book", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await expectNoSeriousA11yViolations(page, "a buyer's prices");
  await shot(page, "buyer");

  // The buyers list says it.
  await page.getByRole("link", { name: "All buyers" }).click();
  await page.getByLabel("Search buyers").fill("Meridian");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const row = rowWith(page.getByRole("table", { name: "Buyers" }), "Meridian Law Partners");
  await expect(row).toContainText(bookName);
  await expect(row).toContainText("1 override");
  await expect(row.getByText("Default")).toHaveCount(0);
});

test("customers have no price books, and an MSSP never opens its distributor's", async ({ page, browser }) => {
  // Three people sign in: over the 45 s default on 2 busy cores.
  test.slow();
  const northwindId = await signIn(page, USERS.distributorAdmin.email);
  await page.goto(`/a/${northwindId}/prices`);
  await expect(rowWith(page.getByRole("table", { name: "Price books" }), "Partner list", "Default")).toBeVisible();
  await shot(page, "distributor-books");
  await page.getByRole("table", { name: "Price books" }).getByRole("link", { name: "Partner list" }).click();
  const prices = page.getByRole("table", { name: "Prices" });
  await expect(rowWith(prices, "GW-AP", "licence-year", "from 10 access points", "EUR 150.00", "In force")).toBeVisible();
  // A distributor prices the points it credits to partners, in words (docs/money.md#points-credits).
  await expect(rowWith(prices, "POINTS", "Points credited to partners", "point", "EUR 0.10", "In force")).toBeVisible();
  const addPrice = formWithButton(page, "Add price");
  await waitForHydration(addPrice);
  await chooseInCombobox(comboboxField(addPrice, "SKU"), { type: "points", option: /^POINTS/ });
  await expect(addPrice.getByLabel("Price per")).toHaveValue("POINT");
  await expect(addPrice.getByLabel("Price per").locator("option:checked")).toHaveText("point");
  await shot(page, "distributor-book");

  const mia = await freshPage(browser);
  const carla = await freshPage(browser);
  try {
    await signIn(mia, USERS.msspAdmin.email);
    for (const url of [`/a/${northwindId}/prices`, `/a/${northwindId}/prices/buyers`]) {
      expect((await mia.goto(url))?.status(), url).toBe(404);
    }
    const harborId = await signIn(carla, USERS.customerAdmin.email);
    await expect(sectionNav(carla).getByRole("link", { name: "Price books" })).toHaveCount(0);
    for (const url of [`/a/${harborId}/prices`, `/a/${harborId}/prices/buyers`]) {
      const response = await carla.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(carla.getByRole("heading", { level: 1 }), url).toHaveText("Page not found");
    }
    // Its billing profile, on Settings, is its own to edit.
    await carla.goto(`/a/${harborId}/settings`);
    await expect(carla.getByLabel("Legal name")).toHaveValue("Harbor Community Bank, N.A.");
    await expect(carla.getByLabel("Statement prefix")).toHaveValue("HCB");
  } finally {
    await mia.context().close();
    await carla.context().close();
  }
});
