import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/auth/reach";
import { initialFormState } from "@/lib/form-state";
import { makeTenant } from "../../support/factories";

/*
 * Server actions take ids from the client. A malformed one cannot name any
 * record, so every action answers "not found" through the shared id schema
 * (lib/ids.ts, checked in portalAction) instead of sending it to a uuid column.
 * Only the session lookup is replaced here: the caller is a real user of a real tenant.
 */
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/server/auth/current-actor", () => ({
  requireActor: async () => session.actor!,
  getCurrentActor: async () => session.actor,
}));

const { markReadAction } = await import("@/actions/notifications/mark-notices-read");
const { removeRecipientAction } = await import("@/actions/notifications/remove-recipient");
const { revokeApiKeyAction } = await import("@/actions/api-keys/revoke-api-key");
const { removeGroupMemberAction } = await import("@/actions/groups/remove-group-member");

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

describe("an action given an id that is not one", () => {
  let t: Awaited<ReturnType<typeof makeTenant>>;
  beforeEach(async () => {
    t = await makeTenant("action-ids");
    session.actor = t.msspAdmin.actor;
  });

  it("answers not found, for any id field of any action", async () => {
    const cases: [string, Promise<{ status: string; message?: string; reason?: string; fieldErrors?: unknown }>][] = [
      ["markRead noticeId", markReadAction(initialFormState, form({ accountId: t.mssp.id, noticeId: "not-a-uuid" }))],
      ["markRead accountId", markReadAction(initialFormState, form({ accountId: "1 OR 1=1" }))],
      ["removeRecipient recipientId", removeRecipientAction(initialFormState, form({ accountId: t.mssp.id, recipientId: "\u0000" }))],
      ["revokeApiKey keyId", revokeApiKeyAction(initialFormState, form({ accountId: t.mssp.id, keyId: "42" }))],
      ["removeGroupMember ids", removeGroupMemberAction(initialFormState, form({ accountId: t.customer.id, groupId: "g", endUserId: "e" }))],
    ];
    for (const [label, answer] of cases) {
      expect(await answer, label).toMatchObject({ status: "error", message: "That item was not found.", fieldErrors: undefined });
    }
  });
});
