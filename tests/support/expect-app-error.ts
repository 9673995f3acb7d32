import { expect } from "vitest";
import { AppError, type AppErrorCode } from "../../src/lib/errors";

/** Awaits a promise that must fail with an AppError of this code (and reason, when given). */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode, reason?: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${code}${reason ? `/${reason}` : ""} but it succeeded`).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  if (reason) expect(appError.reason).toBe(reason);
  return appError;
}
