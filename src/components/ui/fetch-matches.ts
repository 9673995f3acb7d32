/**
 * Asks a search route (`GET …/search?q=…` answering `{ <key>: [...] }`) for its
 * matches, for an AsyncCombobox (docs/screens.md#async-combobox). A refusal throws
 * the server's message (the combobox shows it); anything else unreadable, a generic one.
 */
export async function fetchMatches<T>(url: string, key: string, signal?: AbortSignal): Promise<T[]> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as ({ error?: { message?: string } } & Record<string, unknown>) | null;
  const rows = body?.[key];
  if (!response.ok || !Array.isArray(rows)) throw new Error(body?.error?.message || "Search failed. Try again.");
  return rows as T[];
}
