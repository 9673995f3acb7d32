import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

/**
 * Loads Prisma's schema engine compiled to WebAssembly.
 *
 * The package's entry point does `import * as wasm from "./schema_engine_bg.wasm"`,
 * which Node 20 cannot import without `--experimental-wasm-modules`. So we do by
 * hand what that entry point does: instantiate the bytes with the JS glue as the
 * import object, hand the instance back to the glue and run its start function.
 * The untyped glue lives only in this file.
 */

/** The `SchemaEngine` class, as exported by the glue once the instance is set. */
export type SchemaEngineClass = typeof SchemaEngine;

const PACKAGE = "@prisma/schema-engine-wasm";
/** The module name the .wasm file imports its host functions from. */
const GLUE_IMPORT_NAME = "./schema_engine_bg.js";

declare global {
  // The glue reports Rust panics here before throwing a bare "unreachable".
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void; lastMessage?: string } | undefined;
}

interface Glue {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: SchemaEngineClass;
}

interface StartableExports extends WebAssembly.Exports {
  __wbindgen_start(): void;
}

/**
 * Kept on globalThis, not in module variables: test runners may evaluate this
 * file once per test file, and each instance costs a 5 MB compile.
 */
const cache = globalThis as typeof globalThis & {
  __portalSchemaEngine?: Promise<SchemaEngineClass>;
  __portalSchemaEngineCount?: number;
};

/** Loads the engine once per process; later calls share the same instance. */
export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  cache.__portalSchemaEngine ??= instantiate().catch((error: unknown) => {
    cache.__portalSchemaEngine = undefined;
    throw error;
  });
  return cache.__portalSchemaEngine;
}

/**
 * The message of the last Rust panic, to make "unreachable" errors readable.
 * A panic leaves the instance unusable, so the next load starts a fresh one.
 */
export function takeLastPanicMessage(): string | undefined {
  const registry = globalThis.PRISMA_WASM_PANIC_REGISTRY;
  const message = registry?.lastMessage;
  if (registry) registry.lastMessage = undefined;
  if (message !== undefined) cache.__portalSchemaEngine = undefined;
  return message;
}

async function instantiate(): Promise<SchemaEngineClass> {
  installPanicRegistry();
  const require = createRequire(import.meta.url);
  // The package's export map lists the glue but not the .wasm; it sits beside it.
  const gluePath = require.resolve(`${PACKAGE}/schema_engine_bg`);
  // A fresh copy of the glue per instance: it caches views of the instance's
  // memory, so an instance replaced after a panic must not share it.
  cache.__portalSchemaEngineCount = (cache.__portalSchemaEngineCount ?? 0) + 1;
  const glueUrl = `${pathToFileURL(gluePath).href}?instance=${cache.__portalSchemaEngineCount}`;
  const glue = (await import(glueUrl)) as Glue;
  const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const importObject = { [GLUE_IMPORT_NAME]: glue } as unknown as WebAssembly.Imports;
  const { instance } = await WebAssembly.instantiate(bytes, importObject);
  const exports = instance.exports as StartableExports;
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  return glue.SchemaEngine;
}

function installPanicRegistry(): void {
  // Keep a registry someone else (e.g. Prisma's CLI in the same process) set up.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      this.lastMessage = message;
    },
  };
}
