/**
 * Writes the typed client's types from the OpenAPI document the code generates
 * (`npm run api:types`). tests/integration/api/openapi-document.test.ts fails when the file
 * is not what the current document gives, so the client cannot drift from the code.
 */
import { writeFile } from "node:fs/promises";
import { API_TYPES_FILE, apiTypesSource } from "../../tests/support/api/api-types-source";

await writeFile(API_TYPES_FILE, await apiTypesSource());
console.log(`Wrote ${API_TYPES_FILE}`);
