import SwaggerParser from "@apidevtools/swagger-parser";
import { buildOpenApiDocument } from "@/server/api/openapi-document";
const doc = buildOpenApiDocument();
console.log(JSON.stringify(doc, null, 1).slice(0, 3000));
const api = await SwaggerParser.validate(structuredClone(doc) as never);
console.log("valid", Object.keys(api.paths ?? {}));
