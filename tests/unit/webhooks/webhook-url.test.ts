import { describe, expect, it } from "vitest";
import { isPublicAddress, parseWebhookUrl, resolveWebhookHost, webhookUrlProblem, type CheckedAddress } from "@/server/webhooks/webhook-url";

/**
 * The SSRF rule (docs/webhooks.md#ssrf): only public unicast addresses, judged on every
 * address a name resolves to; IPv6 forms that carry an IPv4 address are judged by it or refused.
 */

const refused = [
  "127.0.0.1",
  "127.255.255.254",
  "10.0.0.1",
  "172.16.5.4",
  "192.168.1.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "255.255.255.255",
  "224.0.0.1",
  "192.0.2.10",
  "198.18.0.1",
  "::1",
  "::",
  "fe80::1",
  "fc00::1",
  "fd12:3456::1",
  "ff02::1",
  "::ffff:127.0.0.1",
  "::ffff:10.0.0.1",
  "::ffff:169.254.169.254",
  "64:ff9b::7f00:1",
  "2002:7f00:1::1",
  "2001:db8::1",
];
const allowed = ["8.8.8.8", "1.1.1.1", "203.0.114.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"];

const resolver = (table: Record<string, string[]>) => async (host: string): Promise<CheckedAddress[]> => {
  const addresses = table[host];
  if (!addresses) throw new Error("ENOTFOUND");
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

describe("the SSRF rule for webhook URLs", () => {
  it.each(refused)("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(allowed)("allows %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("refuses what is not an address", () => {
    expect(isPublicAddress("localhost")).toBe(false);
    expect(isPublicAddress("")).toBe(false);
  });

  it("refuses IP literals in URLs, in every spelling the URL parser accepts", async () => {
    for (const url of ["http://127.0.0.1/x", "http://2130706433/x", "http://0x7f.1/x", "http://[::1]/x", "http://[::ffff:7f00:1]/x", "https://10.1.2.3:8443/x", "http://[fe80::1]/"]) {
      expect(await webhookUrlProblem(url, { allowPrivate: false }), url).toMatch(/non-public/);
    }
    expect(await webhookUrlProblem("https://8.8.8.8/hooks", { allowPrivate: false })).toBeNull();
  });

  it("refuses a name when any address it resolves to is not public", async () => {
    const resolve = resolver({
      "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
      "mixed.example.com": ["93.184.215.14", "10.0.0.7"],
      "rebind.example.com": ["::ffff:127.0.0.1"],
      "metadata.example.com": ["169.254.169.254"],
    });
    expect(await webhookUrlProblem("https://hooks.example.com/in", { allowPrivate: false, resolve })).toBeNull();
    expect(await webhookUrlProblem("https://mixed.example.com/in", { allowPrivate: false, resolve })).toBe(
      "mixed.example.com resolves to a private, loopback or otherwise non-public address; use a public host.",
    );
    expect(await webhookUrlProblem("https://rebind.example.com/in", { allowPrivate: false, resolve })).toMatch(/^rebind\.example\.com resolves to a private/);
    // The answer never says which private address a name has.
    expect(await webhookUrlProblem("https://metadata.example.com/in", { allowPrivate: false, resolve })).not.toMatch(/169\.254/);
    expect(await webhookUrlProblem("https://nowhere.example.com/in", { allowPrivate: false, resolve })).toBe("The host name nowhere.example.com could not be resolved.");
  });

  it("returns the checked addresses, which the delivery connects to", async () => {
    const resolve = resolver({ "hooks.example.com": ["93.184.215.14"] });
    expect(await resolveWebhookHost(new URL("https://hooks.example.com/x"), { allowPrivate: false, resolve })).toEqual([{ address: "93.184.215.14", family: 4 }]);
  });

  it("allows private addresses only when told to (development, tests)", async () => {
    expect(await webhookUrlProblem("http://127.0.0.1:4000/hooks", { allowPrivate: true })).toBeNull();
    const resolve = resolver({ "intranet.local": ["192.168.0.5"] });
    expect(await webhookUrlProblem("http://intranet.local/hooks", { allowPrivate: true, resolve })).toBeNull();
  });

  it("refuses other schemes, credentials and malformed URLs with a message for the field", () => {
    expect(parseWebhookUrl("ftp://example.com/x")).toBe("The URL must start with https:// (or http://).");
    expect(parseWebhookUrl("file:///etc/passwd")).toBe("The URL must start with https:// (or http://).");
    expect(parseWebhookUrl("https://user:pass@example.com/x")).toMatch(/user name and password/);
    expect(parseWebhookUrl("example.com/hooks")).toBe("Enter a full URL, such as https://example.com/webhooks.");
    expect(parseWebhookUrl(`https://example.com/${"a".repeat(2001)}`)).toMatch(/under 2000/);
  });
});
