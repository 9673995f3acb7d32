import { expect, test, type Page } from "@playwright/test";
import { waitForHydration } from "./support/hydration";
import { accountSwitcher } from "./support/nav";
import { DEMO_PASSWORD, USERS, freshPage, signIn, submitSignIn } from "./support/auth";

/** Every kind of page and the audit export, for Bluewave and one of its customers, as mia sees them. */
async function collectBluewaveUrls(page: Page): Promise<{ pages: string[]; exports: string[] }> {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  await page.goto(`/a/${bluewaveId}/accounts?q=Harbor`);
  const harborHref = await page
    .getByRole("table", { name: "Child accounts" })
    .getByRole("link", { name: "Harbor Community Bank", exact: true })
    .getAttribute("href");
  const harborId = harborHref?.split("/")[2];
  expect(harborId).toMatch(/^[0-9a-f-]{36}$/);
  const pages: string[] = [];
  const exports: string[] = [];
  for (const id of [bluewaveId, harborId!]) {
    for (const section of [
      "",
      "/accounts",
      "/accounts/new",
      "/contracts",
      "/contracts/new",
      "/users",
      "/audit",
      "/api-keys",
      "/settings",
      "/profile",
    ]) {
      pages.push(`/a/${id}${section}`);
    }
    exports.push(
      `/a/${id}/audit/export?format=csv`,
      `/a/${id}/audit/export?format=xlsx`,
      `/a/${id}/contracts/export?format=csv`,
    );
  }
  // Mia herself can open the pages that exist for each kind (a customer has no Manage Accounts).
  for (const url of [`/a/${bluewaveId}/settings`, `/a/${bluewaveId}/contracts`, `/a/${harborId}/users`]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
  }
  const ok = await page.request.get(`/a/${harborId}/audit/export?format=csv`);
  expect(ok.status()).toBe(200);
  return { pages, exports };
}

test("another MSSP's admin gets 404 for every Bluewave page and export", async ({ page, browser }) => {
  // Every page and export of Bluewave, twice (its admin, then the other MSSP's): over the 45 s default on 2 cores.
  test.slow();
  const { pages, exports } = await collectBluewaveUrls(page);

  const omar = await freshPage(browser);
  try {
    const ironcladId = await signIn(omar, USERS.otherMsspAdmin.email);
    await expect(omar.getByRole("heading", { level: 1 })).toHaveText("Ironclad MSSP");

    // Bluewave is not even listed in omar's switcher.
    const switcher = accountSwitcher(omar, "Ironclad MSSP");
    await waitForHydration(switcher);
    await switcher.click();
    const list = omar.getByRole("list", { name: "Accounts you can reach" });
    await expect(list.getByRole("button", { name: /^Prairie Wind Energy/ })).toBeVisible();
    await expect(list).not.toContainText("Bluewave");
    await expect(list).not.toContainText("Harbor Community Bank");

    for (const url of pages) {
      const response = await omar.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(omar.getByRole("heading", { level: 1 }), url).toHaveText("Page not found");
      await expect(omar.getByText("Bluewave")).toHaveCount(0);
    }
    for (const url of exports) {
      const response = await omar.request.get(url);
      expect(response.status(), url).toBe(404);
      expect(response.headers()["content-type"], url).toContain("application/json");
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      expect(body.error?.code, url).toBe("NOT_FOUND");
    }

    // Omar's own pages still work afterwards.
    const own = await omar.goto(`/a/${ironcladId}/audit`);
    expect(own?.status()).toBe(200);
  } finally {
    await omar.context().close();
  }
});

test("malformed and unknown account ids are not found", async ({ page }) => {
  await signIn(page, USERS.msspAdmin.email);
  for (const url of ["/a/not-a-uuid", "/a/not-a-uuid/settings", "/a/00000000-0000-4000-8000-000000000000/users"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }), url).toHaveText("Page not found");
  }
  const exportResponse = await page.request.get("/a/not-a-uuid/audit/export?format=csv");
  expect(exportResponse.status()).toBe(404);
  expect(((await exportResponse.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
});

test("signed-out visitors to portal pages are sent to sign-in", async ({ page, browser }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const visitor = await freshPage(browser);
  try {
    for (const path of [`/a/${bluewaveId}`, `/a/${bluewaveId}/settings`, "/a/not-a-uuid", "/"]) {
      await visitor.goto(path);
      await expect(visitor, path).toHaveURL(/\/sign-in(\?callbackUrl=.*)?$/);
      await expect(visitor.getByRole("heading", { level: 1 }), path).toHaveText("Sign in");
    }
    const exportResponse = await visitor.request.get(`/a/${bluewaveId}/audit/export?format=csv`, { maxRedirects: 0 });
    expect([302, 303, 307, 401]).toContain(exportResponse.status());

    // Signing in from there returns to the page that was asked for.
    await visitor.goto(`/a/${bluewaveId}/settings`);
    await submitSignIn(visitor, USERS.msspAdmin.email, DEMO_PASSWORD, { navigate: false });
    await visitor.waitForURL(new RegExp(`/a/${bluewaveId}/settings$`));
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Settings");
  } finally {
    await visitor.context().close();
  }
});
