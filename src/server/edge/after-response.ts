import { after } from "next/server";

/**
 * Runs `task` once the response has been sent (Next's `after`), so the client
 * never waits for it. Outside a Next request — a test calling a route handler,
 * a script — there is no response to wait for: `inline` (by default the same
 * task) runs now instead, and the caller continues once it is done.
 */
export async function afterResponse(task: () => Promise<unknown>, inline: () => Promise<unknown> = task): Promise<void> {
  try {
    after(task);
    return;
  } catch (error) {
    if (!(error instanceof Error && error.message.includes("outside a request scope"))) throw error;
  }
  await inline();
}
