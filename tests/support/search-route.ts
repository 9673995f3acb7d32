import { expect } from "vitest";

/**
 * A combobox search route refuses a bad `q` as bad input naming it (docs/screens.md#async-combobox):
 * too long or given twice → 400 INVALID with a field error on `q`, never a 500.
 */
export async function expectBadSearchRefused(call: (query: string) => Promise<Response>): Promise<void> {
  for (const bad of [`q=${"x".repeat(101)}`, "q=a&q=b"]) {
    const refused = await call(bad);
    expect(refused.status, bad).toBe(400);
    const error = ((await refused.json()) as { error: { code: string; fields?: Record<string, string[]> } }).error;
    expect(error.code, bad).toBe("INVALID");
    expect(Object.keys(error.fields ?? {}), bad).toEqual(["q"]);
  }
}
