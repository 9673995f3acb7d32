import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddressOf, throttleKeyOfAddress } from "@/server/auth/client-address";
import { installForwardingHeaderGuard } from "@/server/http/forwarding-headers";

describe("clientAddressOf", () => {
  it("takes the last x-forwarded-for entry: the one written by Next's server or by our own proxy", () => {
    expect(clientAddressOf({ "x-forwarded-for": "203.0.113.7" })).toBe("203.0.113.7");
    expect(clientAddressOf({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" })).toBe("203.0.113.7");
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "6.6.6.6,203.0.113.7 " }))).toBe("203.0.113.7");
    expect(clientAddressOf({ "x-real-ip": "203.0.113.7" })).toBeNull();
    expect(clientAddressOf(undefined)).toBeNull();
  });

  it("keys IPv4 as is (also IPv4-mapped) and IPv6 by its /64 network", () => {
    expect(throttleKeyOfAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(throttleKeyOfAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(throttleKeyOfAddress("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(throttleKeyOfAddress("2001:db8::5")).toBe("2001:db8:0:0::/64");
    expect(throttleKeyOfAddress("::1")).toBe("0:0:0:0::/64");
    expect(throttleKeyOfAddress("[2001:db8:1:2::9]:443")).toBe("2001:db8:1:2::/64");
  });
});

describe("the forwarding-header guard (no proxy trusted)", () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    delete process.env.TRUST_PROXY_HEADERS;
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function headersSeenByServer(sent: Record<string, string>): Promise<http.IncomingHttpHeaders> {
    installForwardingHeaderGuard();
    const server = http.createServer((request, response) => {
      // What Next's server does next: fill x-forwarded-for from the socket when the request has none.
      request.headers["x-forwarded-for"] ??= request.socket.remoteAddress;
      response.end(JSON.stringify(request.headers));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: sent });
    return (await response.json()) as http.IncomingHttpHeaders;
  }

  const spoofed = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6", forwarded: "for=6.6.6.6", "x-forwarded-host": "evil.example" };

  it("drops what a client claims, so the address is the connection's own", async () => {
    const seen = await headersSeenByServer(spoofed);
    expect(clientAddressOf(seen)).toBe("127.0.0.1");
    expect(seen["x-real-ip"]).toBeUndefined();
    expect(seen.forwarded).toBeUndefined();
    expect(seen["x-forwarded-host"]).toBeUndefined();
  });

  it("keeps them with TRUST_PROXY_HEADERS=1, where the proxy in front wrote them", async () => {
    process.env.TRUST_PROXY_HEADERS = "1";
    const seen = await headersSeenByServer({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(clientAddressOf(seen)).toBe("203.0.113.7");
  });
});
