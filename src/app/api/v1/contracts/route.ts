import { NextResponse } from "next/server";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { apiRoute, parseBody, readJsonBody } from "@/server/edge/api-route";
import { addContract } from "@/server/contracts/add-contract";
import { addContractSchema } from "@/server/contracts/contract-input";
import { contractJson } from "@/server/contracts/contract-json";
import { getContractRow, iterateContracts } from "@/server/contracts/list-contracts";
import { db } from "@/server/db";

const bodySchema = z.object({ accountId: text({ error: "Give the account's id." }).min(1, "Give the account's id.") }).and(addContractSchema);

/** Adds a contract to an account below the key's account. */
export const POST = apiRoute(async (request, { actor }) => {
  const { accountId, ...input } = parseBody(bodySchema, await readJsonBody(request));
  const contract = await addContract(db, { actor, accountId, input });
  const row = await getContractRow(db, { actor, contractId: contract.id });
  return NextResponse.json({ contract: contractJson(row) }, { status: 201 });
});

/** Lists an account's contracts: `GET /api/v1/contracts?accountId=…&showArchived=true`. */
export const GET = apiRoute(async (request, { actor }) => {
  const url = new URL(request.url);
  const accountId = url.searchParams.get("accountId") ?? "";
  const rows = [];
  for await (const row of iterateContracts(db, {
    actor,
    accountId,
    filters: { showArchived: url.searchParams.get("showArchived") === "true", sort: "contractId", dir: "asc" },
  })) {
    rows.push(contractJson(row));
  }
  return NextResponse.json({ contracts: rows });
});
