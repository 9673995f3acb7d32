import type { Page } from "@playwright/test";

/**
 * The side navigation each kind of user should see, in order. The server
 * decides it from the account's kind and the caller's role; when a section is
 * added to the portal, add it here for the roles that should see it.
 */
export const EXPECTED_SECTIONS = {
  distributorAdmin: ["Dashboard", "Manage Accounts", "Users", "Audit log", "API keys", "Settings"],
  msspAdmin: ["Dashboard", "Manage Accounts", "Services & Contracts", "Users", "Audit log", "API keys", "Settings"],
  msspViewer: ["Dashboard", "Manage Accounts", "Services & Contracts", "Users", "Audit log", "Settings"],
  msspBilling: ["Dashboard", "Manage Accounts", "Services & Contracts", "Settings"],
  customerAdmin: ["Dashboard", "Services & Contracts", "Users", "Audit log", "API keys", "Settings"],
} as const;

export const sectionNav = (page: Page) => page.getByRole("navigation", { name: "Account sections" });

export const sectionLinks = (page: Page) => sectionNav(page).getByRole("link");

/** The header's account switcher button. */
export const accountSwitcher = (page: Page, current: string) =>
  page.getByRole("button", { name: `Switch account (current: ${current})`, exact: true });

/** The header's user menu toggle (a <summary>, which has no ARIA role to query by). */
export const userMenu = (page: Page) => page.getByRole("banner").locator("summary").filter({ hasText: "User menu" });
