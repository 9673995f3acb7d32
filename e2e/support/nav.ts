import { expect, type Page } from "@playwright/test";

/**
 * Which side-navigation sections each kind of user must and must not see. The
 * server decides them from the account's kind and the caller's role. Sections
 * not named here (the portal keeps growing) are not checked, so adding one
 * does not break these journeys; add it here when a role must or must not see it.
 */
export const EXPECTED_SECTIONS = {
  distributorAdmin: {
    shows: ["Dashboard", "Manage Accounts", "Licence pools", "Locations", "Licenses", "Usage report", "Price books", "Notifications", "Users", "Audit log", "API keys", "Webhooks", "Jobs", "Settings"],
    // A distributor holds no contracts, plans or gateways; those live on the accounts below it.
    // Its Licence pools page is the price list its partners buy at; points belong to partners.
    hides: ["Services & Contracts", "Plans", "Gateways", "Points"],
  },
  msspAdmin: {
    shows: [
      "Dashboard",
      "Manage Accounts",
      "Services & Contracts",
      "Plans",
      "Gateways",
      "Licence pools",
      "Points",
      "Locations",
      "Licenses",
      "Usage report",
      "Price books",
      "Notifications",
      "Users",
      "Audit log",
      "API keys",
      "Webhooks",
      "Settings",
    ],
    // Jobs are platform-wide: only for admins of a top-level account. End users and groups live in a customer's tenancy.
    hides: ["Jobs", "End users", "User groups", "Subscriptions"],
  },
  msspViewer: {
    shows: [
      "Dashboard",
      "Manage Accounts",
      "Services & Contracts",
      "Plans",
      "Gateways",
      "Licence pools",
      "Points",
      "Locations",
      "Licenses",
      "Usage report",
      "Notifications",
      "Users",
      "Audit log",
      "Settings",
    ],
    hides: ["API keys", "Webhooks", "Jobs"],
  },
  msspBilling: {
    shows: ["Dashboard", "Manage Accounts", "Services & Contracts", "Plans", "Gateways", "Licence pools", "Points", "Locations", "Licenses", "Usage report", "Price books", "Notifications", "Settings"],
    hides: ["Users", "Audit log", "API keys", "Webhooks", "Jobs"],
  },
  customerAdmin: {
    shows: [
      "Dashboard",
      "Services & Contracts",
      "Plans",
      "Gateways",
      "Licence pools",
      "End users",
      "User groups",
      "Subscriptions",
      "Locations",
      "Licenses",
      "Usage report",
      "Notifications",
      "Users",
      "Audit log",
      "API keys",
      "Webhooks",
      "Settings",
    ],
    // A customer sees the licences its partner assigned to it; points and price books belong to sellers.
    hides: ["Manage Accounts", "Jobs", "Points", "Price books"],
  },
} as const satisfies Record<string, { shows: readonly string[]; hides: readonly string[] }>;

export const sectionNav = (page: Page) => page.getByRole("navigation", { name: "Account sections" });

export const sectionLinks = (page: Page) => sectionNav(page).getByRole("link");

/** Checks the side navigation: the sections shown (in this order, others may sit between) and those absent. */
export async function expectSections(page: Page, expected: { shows: readonly string[]; hides: readonly string[] }) {
  const links = sectionLinks(page);
  await expect(links.first()).toHaveText("Dashboard");
  // "Notifications 3 unread": the unread count is not part of the section's name.
  const names = (await links.allTextContents()).map((name) => name.replace(/\s*\d+ unread$/, "").trim());
  expect(names.filter((name) => expected.shows.includes(name)), "sections shown, in order").toEqual([...expected.shows]);
  expect(names.filter((name) => expected.hides.includes(name)), "sections that must be absent").toEqual([]);
}

/** The header's account switcher button. */
export const accountSwitcher = (page: Page, current: string) =>
  page.getByRole("button", { name: `Switch account (current: ${current})`, exact: true });

/** The header's user menu toggle (a <summary>, which has no ARIA role to query by). */
export const userMenu = (page: Page) => page.getByRole("banner").locator("summary").filter({ hasText: "User menu" });
