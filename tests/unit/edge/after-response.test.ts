import { describe, expect, it } from "vitest";
import { afterResponse } from "@/server/edge/after-response";

describe("afterResponse", () => {
  it("outside a Next request, runs the inline task before returning (and not the deferred one)", async () => {
    const ran: string[] = [];
    await afterResponse(
      async () => void ran.push("deferred"),
      async () => void ran.push("inline"),
    );
    expect(ran).toEqual(["inline"]);
  });

  it("without an inline task, runs the task itself before returning", async () => {
    const ran: string[] = [];
    await afterResponse(async () => void ran.push("task"));
    expect(ran).toEqual(["task"]);
  });

  it("passes on a failure of the task", async () => {
    await expect(afterResponse(async () => Promise.reject(new Error("fold failed")))).rejects.toThrow("fold failed");
  });
});
