/**
 * The client address sign-in throttling keys on (docs/security.md).
 *
 * In Next 16 the connection's address reaches next-auth's `authorize` only as
 * the `x-forwarded-for` request header: Next's server fills it from
 * `socket.remoteAddress` when the request has none (`??=` in base-server), and
 * next-auth hands `authorize` the request's headers. A client could send that
 * header itself, so when no proxy is trusted the forwarding headers a client
 * sent are dropped as the request arrives (src/server/http/forwarding-headers.ts)
 * and the header Next then sets is the connection's own address. Behind a
 * trusted proxy (TRUST_PROXY_HEADERS=1) that proxy appends the address it saw.
 * Either way the last entry is the one written by something we trust.
 */
export function trustsProxyHeaders(): boolean {
  return process.env.TRUST_PROXY_HEADERS === "1";
}

export function clientAddressOf(headers: Record<string, unknown> | Headers | undefined | null): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  if (typeof value !== "string") return null;
  const last = value.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last ? throttleKeyOfAddress(last) : null;
}

/**
 * One key per client: IPv4 as is (also when written IPv4-mapped), IPv6 by its
 * /64 network, which one household or server usually gets whole — keying whole
 * addresses would let a client rotate through its 2^64 addresses.
 */
export function throttleKeyOfAddress(address: string): string {
  const bare = address.replace(/^\[|\](:\d+)?$/g, "").replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(":")) return bare.replace(/:\d+$/, "");
  const [head = "", tail = ""] = bare.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = bare.includes("::") ? (tail ? tail.split(":") : []) : [];
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = bare.includes("::") ? [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups] : headGroups;
  const network = groups.slice(0, 4).map((group) => (group.replace(/^0+(?=.)/, "") || "0"));
  return `${network.join(":")}::/64`;
}
