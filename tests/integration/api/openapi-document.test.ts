import SwaggerParser from "@apidevtools/swagger-parser";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { buildOpenApiDocument } from "@/server/api/openapi-document";
import { API_OPERATIONS } from "@/server/api/operations";
import { API_TYPES_FILE, apiTypesSource } from "../../support/api/api-types-source";
import { matchRoute } from "../../support/api/api-client";

/**
 * The document is generated from the operations' own schemas (docs/api.md#the-document): it is a
 * valid OpenAPI 3.1 document, it lists exactly the routes the app serves, and the typed client's
 * types are what it gives today.
 */

const ROUTE_FILES = import.meta.glob<Record<string, unknown>>("/src/app/api/v1/**/route.ts", { eager: true });
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"];
// The document itself is not an operation of the API.
const NOT_OPERATIONS = new Set(["get /openapi.json"]);

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 (swagger-parser) and is what /api/v1/openapi.json serves", async () => {
    const document = buildOpenApiDocument();
    expect(document.openapi).toBe("3.1.0");
    await SwaggerParser.validate(structuredClone(document) as never);
    const served = await getDocument();
    expect(served.headers.get("content-type")).toMatch(/application\/json/);
    expect(await served.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("lists every method of every API route, and nothing the app does not serve", () => {
    const served = new Set<string>();
    for (const [file, module] of Object.entries(ROUTE_FILES)) {
      const template = file.replace(/^\/src\/app\/api\/v1/, "").replace(/\/route\.ts$/, "").replace(/\[([^\]]+)\]/g, "{$1}");
      for (const method of METHODS) if (typeof module[method] === "function") served.add(`${method.toLowerCase()} ${template}`);
    }
    const documented = new Set(API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`));
    expect([...served].filter((entry) => !documented.has(entry) && !NOT_OPERATIONS.has(entry))).toEqual([]);
    expect([...documented].filter((entry) => !served.has(entry))).toEqual([]);
    for (const operation of API_OPERATIONS) expect(matchRoute(`/api/v1${operation.path}`)?.route.template, operation.operationId).toBe(operation.path);
    expect(new Set(API_OPERATIONS.map((operation) => operation.operationId)).size).toBe(API_OPERATIONS.length);
  });

  it("every operation documents its errors in the one error shape, and a summary", () => {
    const document = buildOpenApiDocument();
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        const op = operation as { summary?: string; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        for (const status of ["401", "429"]) expect(Object.keys(op.responses), `${method} ${path}`).toContain(status);
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) expect(response.content?.["application/json"]?.schema?.$ref, `${method} ${path} ${status}`).toBe("#/components/schemas/Error");
        }
      }
    }
  });

  it("the typed client's types are what the document gives (else: npm run api:types)", async () => {
    expect(await readFile(API_TYPES_FILE, "utf8")).toBe(await apiTypesSource());
  });
});
