import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/** The demo seed's password for every demo user (prisma/seed/demo-accounts.ts). */
export const DEMO_PASSWORD = "Portal-demo-2026!";

export const USERS = {
  distributorAdmin: { email: "dana.distributor@northwind.example", account: "Northwind Distribution" },
  msspAdmin: { email: "mia.admin@bluewave.example", account: "Bluewave Security" },
  msspViewer: { email: "victor.viewer@bluewave.example", account: "Bluewave Security" },
  msspBilling: { email: "bill.finance@bluewave.example", account: "Bluewave Security" },
  customerAdmin: { email: "carla.admin@harborbank.example", account: "Harbor Community Bank" },
  customerViewer: { email: "ted.viewer@harborbank.example", account: "Harbor Community Bank" },
  inactiveCustomerAdmin: { email: "gary.admin@greenfield.example", account: "Greenfield Logistics" },
  otherMsspAdmin: { email: "omar.admin@ironclad.example", account: "Ironclad MSSP" },
} as const;

export const GENERIC_SIGN_IN_ERROR = "The email or password is incorrect.";
export const INACTIVE_SIGN_IN_ERROR = "Your account is inactive. Ask your administrator to reactivate it.";
export const THROTTLED_SIGN_IN_ERROR = "Too many failed attempts. Wait a few minutes and try again.";

/** Matches an account's dashboard URL and captures its id. */
export const DASHBOARD_URL = /\/a\/([0-9a-f-]{36})$/;

/**
 * Fills and submits the sign-in form, as a person would; does not wait for the
 * outcome. Opens /sign-in first unless the page already shows the form.
 */
export async function submitSignIn(page: Page, email: string, password: string, options: { navigate?: boolean } = {}): Promise<void> {
  if (options.navigate ?? true) await page.goto("/sign-in");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Sign in" }) });
  // Before hydration the form would submit natively; wait until React owns it.
  await waitForHydration(form);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits for the landing dashboard; returns the id of the account it shows. */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<string> {
  await submitSignIn(page, email, password);
  await page.waitForURL(DASHBOARD_URL);
  await expect(page.getByRole("navigation", { name: "Account sections" })).toBeVisible();
  return accountIdOf(page.url());
}

/**
 * The page's alert messages, without Next's route announcer (an always-present,
 * usually empty `role="alert"` region that reads out page titles).
 */
export function alerts(page: Page): Locator {
  return page.getByRole("alert").and(page.locator(":not(#__next-route-announcer__)"));
}

/** Signs in and expects the form's error message instead of a dashboard. */
export async function expectSignInRefused(page: Page, email: string, password: string, message: string): Promise<void> {
  await submitSignIn(page, email, password);
  await expect(alerts(page)).toHaveText(message);
  await expect(page).toHaveURL(/\/sign-in(\?.*)?$/);
}

/** A new, signed-out browser context (own cookies): another person on another machine. */
export async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

export function accountIdOf(url: string): string {
  const match = /\/a\/([0-9a-f-]{36})(?:[/?#]|$)/.exec(new URL(url).pathname);
  if (!match?.[1]) throw new Error(`No account id in ${url}`);
  return match[1];
}
