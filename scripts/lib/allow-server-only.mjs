/**
 * Loaded with `--import` before a script's own modules (see package.json and
 * the scripts that spawn tsx or node): every import of domain code is resolved
 * after this hook is in place, which a plain import inside the script could not
 * guarantee (static imports are all resolved before any of them runs).
 */
import { register } from "node:module";

register("./server-only-hooks.mjs", import.meta.url);
