import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createNotice } from "@/server/notifications/create-notice";
import { makeTenant } from "../../support/factories";
import { apiClient, expectEveryDocumentedStatus } from "../../support/api/api-client";
import { apiKeyOf, expectRateLimited } from "../../support/api/account-keys";

/** Notices through the public API (docs/api.md#notices): the Notifications list of an account and those below it. */

const notice = (accountId: string, key: string, at: string) =>
  db.$transaction((tx) => createNotice(tx, { accountId, key, kind: "licence.expiry", title: `Notice ${key}`, body: `About ${key}.`, link: "/licences", email: false, now: new Date(at) }));

describe("GET /api/v1/notices", () => {
  it("lists the account's and its children's notices newest first, paged; a customer's key sees its own only", async () => {
    const t = await makeTenant("notices-api");
    await notice(t.mssp.id, "first", "2026-03-01T08:00:00Z");
    await notice(t.customer.id, "second", "2026-03-02T08:00:00Z");
    await notice(t.grandCustomer.id, "third", "2026-03-03T08:00:00Z");
    const client = apiClient(await apiKeyOf(t.mssp, t.msspAdmin, "READ_ONLY"));
    const { data, response } = await client.GET("/notices", { params: { query: { accountId: t.mssp.id } } });
    expect(response.status).toBe(200);
    expect(data!.data.map((row) => row.title)).toEqual(["Notice third", "Notice second", "Notice first"]);
    expect(data!.data[1]).toMatchObject({
      accountId: t.customer.id,
      account: t.customer.name,
      kind: "licence.expiry",
      body: "About second.",
      link: "/licences",
      // In-app only: the test database is shared, and an email would be claimed by any delivery run.
      email: false,
      status: "IN_APP",
      createdAt: "2026-03-02T08:00:00.000Z",
      sentAt: null,
    });
    const first = await client.GET("/notices", { params: { query: { accountId: t.mssp.id, limit: 2 } } });
    const rest = await client.GET("/notices", { params: { query: { accountId: t.mssp.id, limit: 2, cursor: first.data!.nextCursor! } } });
    expect([...first.data!.data, ...rest.data!.data].map((row) => row.title)).toEqual(["Notice third", "Notice second", "Notice first"]);
    expect(rest.data!.nextCursor).toBeNull();

    const customer = apiClient(await apiKeyOf(t.customer, t.customerAdmin));
    expect((await customer.GET("/notices", { params: { query: { accountId: t.customer.id } } })).data!.data.map((row) => row.title)).toEqual(["Notice second"]);
    expect((await customer.GET("/notices", { params: { query: { accountId: t.mssp.id } } })).response.status).toBe(404);
    const bad = await client.GET("/notices", { params: { query: { accountId: t.mssp.id, limit: 0 } } });
    expect([bad.response.status, Object.keys(bad.error!.error.fields!)]).toEqual([400, ["limit"]]);
    expect((await apiClient(null).GET("/notices", { params: { query: { accountId: t.mssp.id } } })).response.status).toBe(401);
    const limited = apiClient(await apiKeyOf(t.mssp, t.msspAdmin));
    await expectRateLimited(() => limited.GET("/notices", { params: { query: { accountId: t.mssp.id } } }));
  });

  it("exercised every status the Notices operations document", () => {
    expectEveryDocumentedStatus("Notices");
  });
});
