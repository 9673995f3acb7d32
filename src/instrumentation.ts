/**
 * Runs once when the Next server starts (Next's instrumentation hook). Only the
 * Node.js server receives connections; the edge bundle has nothing to install.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installForwardingHeaderGuard } = await import("./server/http/forwarding-headers");
  installForwardingHeaderGuard();
}
