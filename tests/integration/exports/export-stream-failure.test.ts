import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";

// The export is served as Next serves a route handler's body; only the session lookup is replaced.
let signedIn: Actor | null = null;
vi.mock("@/server/auth/current-actor", () => ({
  getCurrentActor: async () => signedIn,
  requireActor: async () => signedIn,
}));

import { pipeToNodeResponse } from "next/dist/server/pipe-readable";
import { exportRoute } from "@/server/edge/export-route";
import { tableExportResponse, type ExportColumn, type ExportFormat } from "@/server/exports/table-export";
import { makeTenant } from "../../support/factories";

interface Row {
  n: number;
  at: Date;
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: "N", type: "integer", value: (row) => row.n },
  { header: "At", type: "date-time", value: (row) => row.at },
  { header: "Padding", type: "text", value: () => "x".repeat(200) },
];

/** Rows like a keyset-paged query: pages of 100, the query of page `failingPage` fails. */
async function* pagedRows(failingPage: number | null, pages = 5): AsyncGenerator<Row> {
  for (let page = 0; page < pages; page++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (page === failingPage) throw new Error(`connection lost while reading page ${page}`);
    for (let i = 0; i < 100; i++) yield { n: page * 100 + i, at: new Date(Date.UTC(2028, 0, 1, 0, 0, page * 100 + i)) };
  }
}

/** What an HTTP client sees of a download: status, bytes, and whether it ended cleanly or broke off. */
async function fetchOverHttp(respond: () => Promise<Response>) {
  const server = http.createServer(async (req, res) => {
    const response = await respond();
    res.writeHead(response.status, Object.fromEntries(response.headers));
    await pipeToNodeResponse(response.body!, res).catch(() => res.destroy());
  });
  server.listen(0);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const started = Date.now();
  try {
    return await new Promise<{ status: number; bytes: number; outcome: "complete" | "broken"; ms: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the download did not end within 5 s")), 5_000);
      http
        .get(`http://127.0.0.1:${port}/`, (res) => {
          let bytes = 0;
          const finish = (outcome: "complete" | "broken") => {
            clearTimeout(timer);
            resolve({ status: res.statusCode!, bytes, outcome, ms: Date.now() - started });
          };
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () => finish(res.complete ? "complete" : "broken"));
          res.on("error", () => finish("broken"));
          res.on("aborted", () => finish("broken"));
        })
        .on("error", reject);
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("an export whose rows fail after the response started", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", onUnhandled);
    logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
    logged.mockRestore();
  });

  for (const format of ["csv", "xlsx"] as ExportFormat[]) {
    it(`${format}: breaks the download off within a second, logs once, no unhandled rejection`, async () => {
      const result = await fetchOverHttp(() =>
        tableExportResponse({ format, filename: "broken", sheetName: "Rows", columns: COLUMNS, rows: pagedRows(2) }),
      );
      expect(result.status).toBe(200);
      expect(result.bytes).toBeGreaterThan(0);
      // Not a file that looks complete, and not one that never ends.
      expect(result.outcome).toBe("broken");
      expect(result.ms).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0]![0])).toContain(`broken.${format} broke off`);
    });

    it(`${format}: the body stream errors instead of ending cleanly`, async () => {
      const response = await tableExportResponse({ format, filename: "broken", sheetName: "Rows", columns: COLUMNS, rows: pagedRows(3) });
      const reader = response.body!.getReader();
      const started = Date.now();
      const read = async () => {
        for (;;) if ((await reader.read()).done) return "ended";
      };
      await expect(read()).rejects.toThrow(/broke off/);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it(`${format}: a whole file still ends cleanly`, async () => {
      const result = await fetchOverHttp(() =>
        tableExportResponse({ format, filename: "whole", sheetName: "Rows", columns: COLUMNS, rows: pagedRows(null) }),
      );
      expect(result).toMatchObject({ status: 200, outcome: "complete" });
      expect(logged).not.toHaveBeenCalled();
    });
  }

  for (const format of ["csv", "xlsx"] as ExportFormat[]) {
    it(`${format}: a client that goes away stops the reading of rows`, async () => {
      let read = 0;
      let closed = false;
      async function* endless(): AsyncGenerator<Row> {
        try {
          for (let n = 0; ; n++) {
            if (n % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
            read++;
            yield { n, at: new Date(Date.UTC(2028, 0, 1)) };
          }
        } finally {
          closed = true;
        }
      }
      const response = await tableExportResponse({ format, filename: "endless", sheetName: "Rows", columns: COLUMNS, rows: endless() });
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const after = read;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(read).toBe(after);
      expect(closed).toBe(true);
      expect(unhandled).toEqual([]);
      expect(logged).not.toHaveBeenCalled();
    });
  }

  it("a failure on the first page answers as an error before any file starts", async () => {
    const t = await makeTenant("export-first-page");
    signedIn = t.msspAdmin.actor;
    const route = exportRoute(() => ({ name: "rows", sheetName: "Rows", columns: COLUMNS, rows: pagedRows(0), params: {} }));
    for (const format of ["csv", "xlsx"]) {
      const response = await route(new Request(`http://portal.test/a/${t.mssp.id}/rows/export?format=${format}`), { params: Promise.resolve({ accountId: t.mssp.id }) });
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      expect(await response.json()).toEqual({ error: { code: "INTERNAL", message: "Something went wrong. Try again." } });
    }
  });
});
