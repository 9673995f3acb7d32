import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** A file reaches the database when it takes a client or transaction, runs SQL, or is the db room itself. */
const TOUCHES_DATABASE = /from "(@\/server\/db|\.{1,2}(\/\.\.)*\/db)(\/[a-z-]+)*"|\$queryRaw|\$executeRaw|\bDbTx?\b|from "pg"|@electric-sql\/pglite/;

/** Rooms whose owners add the marker in their own step of this refactor; remove each once it has it. */
const PENDING_OWNERS: string[] = [];

describe("nothing under src/server reaches the browser", () => {
  it("every src/server file that touches the database imports server-only", () => {
    const missing = sourceFiles("src/server")
      .filter((file) => !PENDING_OWNERS.some((prefix) => file.startsWith(prefix)))
      .filter((file) => file.startsWith("src/server/db/") || TOUCHES_DATABASE.test(read(file)))
      .filter((file) => !read(file).startsWith('import "server-only";'));
    expect(missing).toEqual([]);
  });

  it("client components import only types from src/server", () => {
    const offenders = [...sourceFiles("src/components"), ...sourceFiles("src/app"), ...sourceFiles("src/lib")]
      .filter((file) => /^\s*["']use client["']/.test(read(file)) || file.startsWith("src/lib/"))
      .filter((file) => /^import (?!type )[^;]*from "@\/server\//m.test(read(file)));
    expect(offenders).toEqual([]);
  });
});
