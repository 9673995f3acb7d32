/** True for PostgreSQL's deadlock and serialization failures, as Prisma or `pg` (plain-pool.ts) reports them. */
function isRetryableConflict(error: unknown): boolean {
  const candidate = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } }; message?: string };
  const code = candidate?.meta?.driverAdapterError?.cause?.originalCode ?? candidate?.meta?.code;
  return candidate?.code === "P2034" || candidate?.code === "40P01" || candidate?.code === "40001" || code === "40P01" || code === "40001" || /deadlock detected/i.test(candidate?.message ?? "");
}

/**
 * Runs a statement (or transaction) that rolls back whole on a deadlock and is
 * safe to repeat — ingestion's event keys, the fold's queue — trying again
 * rather than answering 500.
 */
export async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
