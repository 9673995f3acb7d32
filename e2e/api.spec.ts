import createClient from "openapi-fetch";
import { expect, test } from "@playwright/test";
import type { paths } from "../tests/support/api/v1-schema";
import { USERS, signIn } from "./support/auth";
import { createCustomer, unique, uniqueCustomerName } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { waitForHydration } from "./support/hydration";

/*
 * The public API as an integrator meets it (docs/api.md): a read-only key made on the API keys
 * page, the typed client over real HTTP against the running app, the document and the reference.
 */

test("an MSSP admin makes a read-only key; the typed client reads with it over HTTP and is refused writes", async ({ page, baseURL }) => {
  const bluewaveId = await signIn(page, USERS.msspAdmin.email);
  const customerId = await createCustomer(page, bluewaveId, uniqueCustomerName("E2E API reader"));
  await page.goto(`/a/${bluewaveId}/api-keys`);
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  const keyName = `Reports ${unique()}`;
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create key" }) });
  await waitForHydration(form);
  await form.getByLabel("Key name").fill(keyName);
  await form.getByLabel("Access").selectOption({ label: "Read only" });
  await form.getByRole("button", { name: "Create key" }).click();
  const key = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^mlp_\S+$/);
  const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: keyName });
  await expect(row).toContainText("Read only");
  await expectNoSeriousA11yViolations(page, "API keys with a read-only key");

  const api = createClient<paths>({ baseUrl: `${baseURL}/api/v1`, headers: { Authorization: `Bearer ${key}` } });
  const list = await api.GET("/contracts", { params: { query: { accountId: customerId } } });
  expect(list.response.status).toBe(200);
  expect(list.data).toEqual({ data: [], nextCursor: null });
  expect(Number(list.response.headers.get("RateLimit-Remaining"))).toBeGreaterThan(0);
  const write = await api.POST("/contracts", { body: { accountId: customerId, service: "harmony-browse", type: "PAYG", quantity: 3, addOns: [] } });
  expect([write.response.status, write.error?.error.code]).toEqual([403, "READ_ONLY_KEY"]);
  const missing = await api.GET("/contracts/{contractId}", { params: { path: { contractId: "00000000-0000-4000-8000-000000000000" } } });
  expect([missing.response.status, missing.error?.error.code]).toEqual([404, "NOT_FOUND"]);
});

test("the OpenAPI document and the API reference are served by the app, offline", async ({ page, request }) => {
  const document = await request.get("/api/v1/openapi.json");
  expect(document.status()).toBe(200);
  const body = (await document.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(body.openapi).toBe("3.1.0");
  expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(["/contracts", "/contracts/{contractId}", "/telemetry"]));

  const outside: string[] = [];
  page.on("request", (sent) => {
    const url = new URL(sent.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname) && url.protocol.startsWith("http")) outside.push(sent.url());
  });
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/.test(message.text())) blocked.push(message.text());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "MSP License Portal API" })).toBeVisible();
  // Every area is listed (the first one opened), so an integrator finds contracts, usage and webhooks.
  for (const tag of ["Accounts", "Contracts", "Usage", "Statements", "Webhooks"]) await expect(page.getByText(tag, { exact: true }).first()).toBeVisible();
  expect(outside).toEqual([]);
  expect(blocked).toEqual([]);
});
