import path from "node:path";
import { pathToFileURL } from "node:url";

/** Flags for every tsx or node child that runs domain code (allow-server-only.mjs says why). */
export const ALLOW_SERVER_ONLY = ["--import", pathToFileURL(path.join(import.meta.dirname, "allow-server-only.mjs")).href];
