import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The domain folders under src/server import each other in one direction
 * (docs/architecture.md#which-room-may-import-which). A cycle between two folders
 * means neither can change without the other; the ones docs/architecture.md
 * justifies are listed here, every other one fails.
 */
const JUSTIFIED_CYCLES = [["accounts", "audit"]];

const SERVER = path.resolve(import.meta.dirname, "../../../src/server");

type Arrows = Map<string, Map<string, string[]>>;

function folderArrows(): Arrows {
  const arrows: Arrows = new Map();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) visit(file);
      else if (/\.tsx?$/.test(name)) {
        const relative = path.relative(SERVER, file);
        const from = relative.split(path.sep)[0]!;
        if (from === relative) continue; // a file directly in src/server
        for (const match of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"@\/server\/([^/"]+)/g)) {
          const to = match[1]!;
          if (to === from) continue;
          const out = arrows.get(from) ?? new Map<string, string[]>();
          out.set(to, [...(out.get(to) ?? []), relative]);
          arrows.set(from, out);
        }
      }
    }
  };
  visit(SERVER);
  return arrows;
}

/** Strongly connected components of more than one folder (Tarjan). */
function cycles(arrows: Arrows): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of arrows.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of arrows.keys()) if (!index.has(v)) connect(v);
  return found;
}

describe("src/server folders", () => {
  it("import each other without cycles, but for the justified ones", () => {
    const arrows = folderArrows();
    const unjustified = cycles(arrows)
      .filter((cycle) => !JUSTIFIED_CYCLES.some((allowed) => allowed.join() === cycle.join()))
      .map((cycle) =>
        cycle.flatMap((a) => cycle.flatMap((b) => (arrows.get(a)?.get(b) ? [`${a} -> ${b}: ${arrows.get(a)!.get(b)!.join(", ")}`] : []))),
      );
    expect(unjustified).toEqual([]);
  });
});
