import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DASHBOARD_URL, DEMO_PASSWORD, GENERIC_SIGN_IN_ERROR, THROTTLED_SIGN_IN_ERROR, USERS, accountIdOf, freshPage, signIn, submitSignIn } from "./support/auth";
import { addUser, createCustomer, uniqueCustomerName, uniqueEmail } from "./support/accounts";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher, userMenu } from "./support/nav";

/** Fails the test if the page ever asks for another host (the open redirect's target). */
async function forbidHost(page: Page, host: string): Promise<string[]> {
  const asked: string[] = [];
  await page.context().route(`**://${host}/**`, async (route) => {
    asked.push(route.request().url());
    await route.abort();
  });
  return asked;
}

test.describe("callbackUrl never leaves the portal", () => {
  const HOSTILE = ["/%5Cevil.example/phish", "/%09/evil.example", "//evil.example", "https://evil.example/", "javascript:alert(1)", "/.//evil.example"];

  test("signing in on the form with a hostile callbackUrl lands on the portal", async ({ page, baseURL }) => {
    const asked = await forbidHost(page, "evil.example");
    // The two forms from the report, exactly as a link would carry them.
    for (const callback of ["/%5Cevil.example/phish", "/%09/evil.example"]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?callbackUrl=${callback}`);
      await submitSignIn(page, USERS.msspViewer.email, DEMO_PASSWORD, { navigate: false });
      await page.waitForURL(DASHBOARD_URL);
      expect(new URL(page.url()).origin, callback).toBe(new URL(baseURL!).origin);
    }
    expect(asked).toEqual([]);
  });

  test("a signed-in person opening sign-in with a hostile callbackUrl stays on the portal", async ({ page, baseURL }) => {
    const asked = await forbidHost(page, "evil.example");
    await signIn(page, USERS.msspViewer.email);
    for (const callback of HOSTILE) {
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(decodeURIComponent(callback))}`);
      await page.waitForURL(DASHBOARD_URL);
      expect(new URL(page.url()).origin, callback).toBe(new URL(baseURL!).origin);
    }
    // The raw, once-encoded forms from the report too.
    for (const raw of ["/%5Cevil.example/phish", "/%09/evil.example"]) {
      await page.goto(`/sign-in?callbackUrl=${raw}`);
      await page.waitForURL(DASHBOARD_URL);
    }
    expect(asked).toEqual([]);
  });
});

test.describe("throttling keys on the connection's own address", () => {
  /** One sign-in through next-auth's endpoint, as the form posts it; returns the message shown, or null on success. */
  async function attempt(request: APIRequestContext, email: string, password: string, forwardedFor: string): Promise<string | null> {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password, json: "true" },
      headers: { "X-Forwarded-For": forwardedFor, "X-Real-IP": forwardedFor },
    });
    const { url } = (await response.json()) as { url: string };
    return new URL(url).searchParams.get("error");
  }

  test("a client cannot dodge the limit by claiming another address in X-Forwarded-For (no proxy trusted)", async ({ request }) => {
    // An email no journey uses: only this test's own failures count against it.
    const email = uniqueEmail("rotating");
    for (let i = 1; i <= 5; i += 1) {
      expect(await attempt(request, email, "wrong-password", `198.51.100.${i}`)).toBe(GENERIC_SIGN_IN_ERROR);
    }
    // Were the claimed addresses believed, this would be a fresh address's first try.
    expect(await attempt(request, email, "wrong-password", "198.51.100.200")).toBe(THROTTLED_SIGN_IN_ERROR);
  });
});

test.describe("signing out ends the session on the server", () => {
  test("after sign-out, replaying the old session cookie opens no portal page", async ({ page, browser }) => {
    const accountId = await signIn(page, USERS.customerAdmin.email);
    const stolen = await page.context().cookies();
    expect(stolen.some((cookie) => cookie.name.includes("next-auth.session-token"))).toBe(true);

    await userMenu(page).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);

    const replay = await browser.newContext();
    try {
      await replay.addCookies(stolen);
      const other = await replay.newPage();
      for (const path of [`/a/${accountId}`, `/a/${accountId}/users`, `/a/${accountId}/profile`]) {
        await other.goto(path);
        await expect(other, path).toHaveURL(/\/sign-in(\?|$)/);
        await expect(other.getByRole("navigation", { name: "Account sections" })).toHaveCount(0);
      }
      // Routes answer as to nobody, too.
      const exported = await other.request.get(`/a/${accountId}/audit/export?format=csv`, { maxRedirects: 0 });
      expect(exported.status()).not.toBe(200);
    } finally {
      await replay.close();
    }
  });

  test("“Sign out everywhere” ends the session of another browser", async ({ page, browser }) => {
    // A person of their own, so no other journey's session is ended.
    const bluewaveId = await signIn(page, USERS.msspAdmin.email);
    const customerId = await createCustomer(page, bluewaveId, uniqueCustomerName("Sessions"));
    const email = uniqueEmail("everywhere");
    const password = await addUser(page, customerId, { email, name: "Eve Everywhere", role: "Viewer" });

    const laptop = await freshPage(browser);
    const phone = await freshPage(browser);
    try {
      await signIn(laptop, email, password);
      const onPhone = await signIn(phone, email, password);

      await laptop.goto(`/a/${accountIdOf(laptop.url())}/profile`);
      const form = laptop.locator("form").filter({ has: laptop.getByRole("button", { name: "Sign out everywhere" }) });
      await waitForHydration(form);
      await form.getByRole("button", { name: "Sign out everywhere" }).click();
      await laptop.waitForURL(/\/sign-in/);

      await phone.goto(`/a/${onPhone}`);
      await expect(phone).toHaveURL(/\/sign-in(\?|$)/);
      await laptop.goto(`/a/${onPhone}`);
      await expect(laptop).toHaveURL(/\/sign-in(\?|$)/);
    } finally {
      await laptop.context().close();
      await phone.context().close();
    }
  });
});

test.describe("security headers and the Content-Security-Policy", () => {
  test("pages carry a nonce CSP and the security headers, and hydrate with no CSP violation", async ({ page, baseURL }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/content security policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });

    const first = await page.goto("/sign-in");
    const headers = first!.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    // Served over plain HTTP here (NEXTAUTH_URL is http://…): no HSTS.
    expect(headers["strict-transport-security"]).toBeUndefined();
    // A fresh nonce per request, and Next's scripts carry it.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
    const again = (await page.request.get("/sign-in")).headers()["content-security-policy"];
    expect(again).not.toContain(nonce);

    // Client-side code runs: the sign-in form's handler, then the account switcher's popover.
    const accountId = await signIn(page, USERS.msspViewer.email);
    const switcher = accountSwitcher(page, USERS.msspViewer.account);
    await waitForHydration(switcher);
    await switcher.click();
    await expect(page.getByRole("banner").getByLabel("Search accounts")).toBeVisible();
    await page.goto(`/a/${accountId}/profile`);
    await waitForHydration(page.locator("form").first());
    expect(violations).toEqual([]);

    // Other responses: an API answer, a redirect and a static file.
    const api = await page.request.post("/api/v1/telemetry", { data: { events: [] } });
    expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    const signedOut = await page.context().browser()!.newContext({ baseURL });
    try {
      const redirect = await signedOut.request.get(`/a/${accountId}`, { maxRedirects: 0 });
      expect(redirect.status()).toBeGreaterThanOrEqual(300);
      expect(redirect.headers()["x-frame-options"]).toBe("DENY");
      expect(redirect.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    } finally {
      await signedOut.close();
    }
    const script = await page.locator("script[src*='/_next/static/']").first().getAttribute("src");
    const asset = await page.request.get(script!);
    expect(asset.status()).toBe(200);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  });
});
