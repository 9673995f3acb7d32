import { spawn } from "node:child_process";
import { chromium, type Page } from "@playwright/test";

const DB = "bench_pages_1796673513096";
const PORT = Number(process.env.SHOT_PORT ?? 3917);
const base = `http://127.0.0.1:${PORT}`;
const OUT = process.env.SHOT_DIR ?? "/tmp/i15-shots";
const MSSP = "259dc734-c366-4b14-945e-732e00221fbb";
const PLAN = "7cb592fd-e127-4988-8e1f-61c9ac697942";

async function main() {
  const server = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(PORT)], {
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: process.env.DIST ?? ".next-bench", DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${DB}`, NEXTAUTH_SECRET: "shotsecretshotsecretshotsecret12", NEXTAUTH_URL: base },
    stdio: "ignore",
    detached: true,
  });
  console.log("server pid", server.pid);
  try {
    for (let i = 0; i < 60; i++) {
      try { if ((await fetch(`${base}/sign-in`)).status < 500) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const signIn = async (email: string) => {
      await page.context().clearCookies();
      await page.goto(`${base}/sign-in`);
      await page.waitForTimeout(1500);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill("Bench-pages-2026!");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/a\/[0-9a-f-]+$/, { timeout: 60_000 });
    };
    const shot = async (p: Page, name: string, url: string) => {
      await p.goto(`${base}${url}`);
      await p.getByRole("heading", { level: 1 }).waitFor();
      await p.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
      console.log("shot", name);
    };
    const only = process.env.SHOT_ONLY ?? "";
    await signIn("bench.mssp@bench.example");
    if (!only || only.includes("pools")) {
      await shot(page, "mssp-pools", `/a/${MSSP}/pools`);
      await page.getByRole("link", { name: "Next page" }).first().click();
      await page.waitForURL(/after=/);
      await page.screenshot({ path: `${OUT}/mssp-pools-page2.png`, fullPage: true });
      await shot(page, "mssp-pools-monthly", `/a/${MSSP}/pools/monthly`);
      await page.getByRole("link", { name: "Last page" }).first().click();
      await page.waitForURL(/page=last/);
      await page.screenshot({ path: `${OUT}/mssp-pools-monthly-last.png`, fullPage: true });
    }
    if (!only || only.includes("plan")) {
      await shot(page, "mssp-plan", `/a/${MSSP}/plans/${PLAN}`);
      const field = page.getByRole("combobox", { name: "Add a gateway", exact: true });
      await page.waitForTimeout(1500);
      for (const text of ["gw-5-0", "BNC000070"]) {
        await field.click();
        await page.keyboard.type(text);
        await page.waitForTimeout(1200);
        if (text === "BNC000070") await page.screenshot({ path: `${OUT}/mssp-plan-search-open.png`, fullPage: false });
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("Enter");
        await page.waitForTimeout(300);
      }
      await page.screenshot({ path: `${OUT}/mssp-plan-picked.png`, fullPage: true });
      console.log("shot plan picked");
    }
    await browser.close();
  } finally {
    process.kill(-server.pid!, "SIGTERM");
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
