// node scripts/scratch/shot.mjs <email> <out-prefix> <path>... (paths may contain {account})
import { chromium } from "@playwright/test";
const [email, prefix, ...paths] = process.argv.slice(2);
const BASE = process.env.BASE ?? "http://localhost:3100";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 1440), height: 900 } });
page.on("console", (m) => { if (m.type() === "error") console.log("console error:", m.text().slice(0, 300)); });
page.on("response", (r) => { if (r.status() >= 400) console.log("HTTP", r.status(), r.url()); });
let account = "";
if (email !== "-") {
  await page.goto(`${BASE}/sign-in`);
  await page.waitForTimeout(1500);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("Portal-demo-2026!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/, { timeout: 120000 });
  account = page.url().match(/\/a\/([0-9a-f-]{36})/)[1];
}
let i = 0;
for (const p of paths) {
  await page.goto(`${BASE}${p.replace("{account}", account)}`, { timeout: 120000 });
  await page.waitForTimeout(Number(process.env.WAIT ?? 2500));
  const file = `/tmp/${prefix}-${i++}.png`;
  await page.screenshot({ path: file, fullPage: process.env.FULL === "1" });
  console.log(file, page.url());
}
await browser.close();
