import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { orNotFound } from "@/server/edge/or-not-found";

// next/navigation's notFound() throws an error whose digest Next reads to render the 404 page.
const NOT_FOUND_PAGE = { digest: expect.stringContaining("404") };

describe("orNotFound", () => {
  it("hands back what the read returns", async () => {
    expect(await orNotFound(Promise.resolve({ id: "a" }))).toEqual({ id: "a" });
  });

  it("renders the 404 page for NOT_FOUND, and only for the codes it is given", async () => {
    await expect(orNotFound(Promise.reject(new AppError("NOT_FOUND", "gone")))).rejects.toMatchObject(NOT_FOUND_PAGE);
    await expect(orNotFound(Promise.reject(new AppError("INVALID", "bad month")))).rejects.toBeInstanceOf(AppError);
    await expect(orNotFound(Promise.reject(new AppError("INVALID", "bad day")), { codes: ["NOT_FOUND", "INVALID"] })).rejects.toMatchObject(NOT_FOUND_PAGE);
    await expect(orNotFound(Promise.reject(new AppError("NOT_FOUND", "gone")), { codes: ["INVALID"] })).rejects.toBeInstanceOf(AppError);
  });

  it("lets any other error through to the error page", async () => {
    const failure = new Error("connection lost");
    await expect(orNotFound(Promise.reject(failure))).rejects.toBe(failure);
    await expect(orNotFound(Promise.reject(new AppError("FORBIDDEN", "no")))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
