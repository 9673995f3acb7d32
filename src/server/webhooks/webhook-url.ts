import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Where a webhook may be posted (docs/webhooks.md#ssrf): an http(s) URL whose
 * host resolves only to public unicast addresses. Loopback, private, link-local,
 * carrier-grade NAT, multicast, reserved and documentation ranges are refused, and
 * so are IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, Teredo), since
 * the IPv4 inside could be anything. Checked when an endpoint is saved and again
 * before every delivery, and the delivery connects to the address that was checked.
 */

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * Development and the test suites post to receivers on this machine: only an
 * explicit WEBHOOKS_ALLOW_PRIVATE_URLS=1 lifts the rule. Never set it on a real
 * deployment (the e2e run sets it for its own throwaway server).
 */
export function privateUrlsAllowed(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE_URLS === "1";
}

export class WebhookUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookUrlRefused";
  }
}

/** True when the address is public unicast (IPv4 or IPv6, IPv4-mapped IPv6 judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === "unicast";
}

/** The URL's shape alone: scheme, no credentials, a host. Returns the parsed URL or a message. */
export function parseWebhookUrl(raw: string): URL | string {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `Keep the URL under ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, such as https://example.com/webhooks.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https:// (or http://).";
  if (url.username || url.password) return "Leave the user name and password out of the URL; authenticate the events by their signature.";
  if (!url.hostname) return "The URL needs a host name.";
  return url;
}

/** The host of a URL as an address or a name (IPv6 literals lose their brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and checks every address it resolves to; refuses
 * (WebhookUrlRefused) when one of them is not public, unless private URLs are allowed.
 */
export async function resolveWebhookHost(
  url: URL,
  options: { allowPrivate?: boolean; resolve?: (host: string) => Promise<CheckedAddress[]> } = {},
): Promise<CheckedAddress[]> {
  const allowPrivate = options.allowPrivate ?? privateUrlsAllowed();
  const host = hostOf(url);
  const literal = isIP(host);
  let addresses: CheckedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal as 4 | 6 }];
  } else {
    try {
      addresses = await (options.resolve ?? resolveAll)(host);
    } catch {
      throw new WebhookUrlRefused(`The host name ${host} could not be resolved.`);
    }
    if (addresses.length === 0) throw new WebhookUrlRefused(`The host name ${host} could not be resolved.`);
  }
  if (!allowPrivate) {
    if (addresses.some((entry) => !isPublicAddress(entry.address))) {
      throw new WebhookUrlRefused(
        literal
          ? "That address is on a private, loopback or otherwise non-public network; use a public address."
          : // The address itself is not said: the message would map a private network's names for whoever asks.
            `${host} resolves to a private, loopback or otherwise non-public address; use a public host.`,
      );
    }
  }
  return addresses;
}

async function resolveAll(host: string): Promise<CheckedAddress[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
}

/**
 * The save-time check: a message for the `url` field, or null when the URL may be
 * used. A host that does not resolve is refused too (nothing could be delivered).
 */
export async function webhookUrlProblem(raw: string, options: Parameters<typeof resolveWebhookHost>[1] = {}): Promise<string | null> {
  const url = parseWebhookUrl(raw);
  if (typeof url === "string") return url;
  try {
    await resolveWebhookHost(url, options);
    return null;
  } catch (error) {
    if (error instanceof WebhookUrlRefused) return error.message;
    throw error;
  }
}
