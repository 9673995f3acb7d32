import { createServer, type Server } from "node:http";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { alerts, USERS, signIn } from "./support/auth";
import { answerConfirmDialog } from "./support/dialogs";
import { waitForHydration } from "./support/hydration";
import { sectionNav } from "./support/nav";

/**
 * Webhooks as an MSSP admin uses them (docs/webhooks.md): a refused add keeps what was typed,
 * an endpoint is added (its secret shown once), a test event reaches a real receiver started
 * by this test (the e2e server allows private URLs: WEBHOOKS_ALLOW_PRIVATE_URLS=1), shows in
 * the delivery log and is resent with the same webhook-id. With E2E_SCREENSHOTS=<dir> the
 * pages are saved to look at.
 */

const shotsDir = process.env.E2E_SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (!shotsDir) return;
  await mkdir(path.resolve(shotsDir), { recursive: true });
  await page.screenshot({ path: path.join(path.resolve(shotsDir), `webhooks-${name}.png`), fullPage: true });
}

interface Received {
  id: string;
  type: string;
  verified: boolean;
}

async function startReceiver(secret: () => string | null) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
      let verified = false;
      let type = "";
      const key = secret();
      try {
        if (key) {
          type = (new Webhook(key).verify(body, headers) as { type: string }).type;
          verified = true;
        }
      } catch {
        verified = false;
      }
      received.push({ id: headers["webhook-id"] ?? "", type, verified });
      response.writeHead(verified ? 200 : 400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, url: `http://127.0.0.1:${port}/hooks/${Date.now().toString(36)}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("an MSSP admin adds an endpoint, sees its secret once, sends a test event and resends it", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  let secret: string | null = null;
  const receiver = await startReceiver(() => secret);
  try {
    await signIn(page, USERS.msspAdmin.email);
    await sectionNav(page).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    const form = page.getByRole("form", { name: "Add an endpoint" });
    await waitForHydration(form);

    await test.step("a refused add names the field and keeps what was typed", async () => {
      await form.getByLabel("Endpoint URL").fill(receiver.url);
      await form.getByLabel("Description").fill("PSA integration");
      await form.getByRole("button", { name: "Add endpoint" }).click();
      await expect(form.getByText("Choose at least one event to send.")).toBeVisible();
      await expect(form.getByLabel("Endpoint URL")).toHaveValue(receiver.url);
      await expect(form.getByLabel("Description")).toHaveValue("PSA integration");
      await shot(page, "refused");
    });

    await test.step("added with two events: the secret is shown once", async () => {
      await form.getByLabel("Contract added").check();
      await form.getByLabel("Statement finalized").check();
      await form.getByRole("button", { name: "Add endpoint" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Endpoint added." })).toBeVisible();
      secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
      const table = page.getByRole("table", { name: "Webhook endpoints" });
      const row = table.getByRole("row").filter({ hasText: receiver.url });
      await expect(row).toContainText("Contract added, Statement finalized");
      await expect(row.getByRole("cell", { name: "On", exact: true })).toBeVisible();
      await shot(page, "list");
      await page.reload();
      await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
      await page.getByRole("link", { name: receiver.url }).click();
    });

    await expect(page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();
    const log = page.getByRole("table", { name: "Delivery log" });
    await test.step("a test event reaches the receiver, signed, and shows in the log", async () => {
      const send = page.getByRole("button", { name: "Send test event" });
      await waitForHydration(send);
      await send.click();
      await expect(page.getByRole("status").filter({ hasText: "Test event: Delivered: the receiver answered HTTP 200" })).toBeVisible();
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]).toMatchObject({ type: "webhook.test", verified: true });
      const first = log.getByRole("row").nth(1);
      await expect(first).toContainText("Test event");
      await expect(first).toContainText(receiver.received[0]!.id);
      await expect(first).toContainText("Delivered");
      await expect(first).toContainText("HTTP 200");
    });

    await test.step("Resend posts it again with the same webhook-id, as a second attempt", async () => {
      const resend = log.getByRole("button", { name: /^Resend Test event/ });
      await waitForHydration(resend);
      await resend.click();
      await expect(page.getByRole("status").filter({ hasText: "Resent: Delivered" })).toBeVisible();
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);
      await expect(log.getByRole("row")).toHaveCount(3);
      await expect(log.getByRole("row").nth(1).getByRole("cell").nth(2)).toHaveText("2");
      await shot(page, "endpoint");
    });

    await test.step("switched off, then deleted", async () => {
      await page.getByRole("button", { name: "Switch off" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Endpoint switched off" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Switch on" })).toBeVisible();
      await page.getByRole("button", { name: "Delete" }).click();
      await answerConfirmDialog(page, "Delete endpoint", { confirmLabel: "Delete" });
      await page.waitForURL(/\/webhooks\?deleted=1$/);
      await expect(page.getByRole("link", { name: receiver.url })).toHaveCount(0);
      await expect(alerts(page)).toHaveCount(0);
    });
  } finally {
    await receiver.stop();
  }
});
