import "server-only";
import type { DbTx } from "./index";

/**
 * Starts a serialised set-based step inside `tx`: JIT off for the rest of the
 * transaction and the step's advisory lock, in one round trip. Portal
 * connections already run without JIT (create-prisma-client.ts); the setting
 * here covers clients built elsewhere (scripts, a pooler that drops
 * connection options).
 */
export async function lockStepWithoutJit(tx: DbTx, step: string): Promise<void> {
  await tx.$queryRaw`SELECT set_config('jit', 'off', true), pg_advisory_xact_lock(hashtext(${step}))::text`;
}
