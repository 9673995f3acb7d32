import "server-only";
import { z } from "zod";
import { text } from "@/lib/input-schemas";
import { db, type DbTx } from "@/server/db";
import { addContract } from "@/server/contracts/add-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { editContract } from "@/server/contracts/edit-contract";
import { addContractSchema, cancelContractSchema, contractTypeSchema, editContractSchema } from "@/server/contracts/contract-input";
import { contractJson, contractSchema } from "@/server/contracts/contract-json";
import { getContractRow, listContracts } from "@/server/contracts/list-contracts";
import { defineOperation, type IfMatch } from "../api-operation";
import { apiPage, apiPageRequest } from "../api-paging";
import { pageOf, pageQuerySchema, queryBoolean, subjectIdSchema, uuidSchema } from "../api-schemas";

/* Contracts through the API: the rules and refusal codes of the UI (docs/contracts.md), the same domain functions. */

const TAG = "Contracts";
const contractParams = z.object({ contractId: subjectIdSchema.meta({ description: "The contract's id." }) });

type ContractActor = Parameters<typeof getContractRow>[1]["actor"];

const readContract = (actor: ContractActor, contractId: string, reader: DbTx = db) => getContractRow(reader, { actor, contractId }).then(contractJson);

/** An edit's If-Match, checked against the contract as the API shows it, inside the edit's transaction. */
const contractPrecondition = (ifMatch: IfMatch, actor: ContractActor, contractId: string) => ifMatch.precondition((tx) => readContract(actor, contractId, tx));

export const listContractsOperation = defineOperation({
  operationId: "listContracts",
  method: "get",
  path: "/contracts",
  tag: TAG,
  summary: "List an account's contracts",
  description: "The account's Services & Contracts, in contract number order. Archived contracts only with `archived=true`.",
  scope: "read",
  query: pageQuerySchema.extend({
    accountId: subjectIdSchema.meta({ description: "The account whose contracts to list (the key's account or one below it)." }),
    type: contractTypeSchema.optional(),
    status: z.enum(["ACTIVE", "ABOUT_TO_EXPIRE", "EXPIRED", "CANCELED"], { error: "Choose ACTIVE, ABOUT_TO_EXPIRE, EXPIRED or CANCELED." }).optional(),
    serviceId: uuidSchema.optional(),
    archived: queryBoolean.optional().meta({ description: "Include archived contracts (false by default)." }),
  }),
  response: { status: 200, description: "A page of contracts.", schema: pageOf(contractSchema, "ContractPage") },
  errors: [400, 404],
  async handle({ actor, query }) {
    const page = apiPageRequest(query.cursor);
    const result = await listContracts(db, {
      actor,
      accountId: query.accountId,
      filters: { type: query.type, status: query.status, serviceId: query.serviceId, showArchived: query.archived ?? false, sort: "contractId", dir: "asc" },
      page,
      pageSize: query.limit,
      strictCursor: true,
    });
    return apiPage(result, contractJson);
  },
});

export const getContractOperation = defineOperation({
  operationId: "getContract",
  method: "get",
  path: "/contracts/{contractId}",
  tag: TAG,
  summary: "Get a contract",
  scope: "read",
  params: contractParams,
  response: { status: 200, description: "The contract.", schema: contractSchema },
  errors: [404],
  etag: "read",
  handle: ({ actor, params }) => readContract(actor, params.contractId),
});

export const createContractOperation = defineOperation({
  operationId: "createContract",
  method: "post",
  path: "/contracts",
  tag: TAG,
  summary: "Add a contract",
  description: "Adds a contract to an account below the key's account, with the rules of the portal's Add Contract.",
  scope: "write",
  body: z
    .object({ accountId: text({ error: "Give the account's id." }).min(1, "Give the account's id.").meta({ format: "uuid", description: "The account that gets the contract." }) })
    .and(addContractSchema),
  response: { status: 201, description: "The contract added.", schema: contractSchema },
  errors: [400, 403, 404, 409, 422],
  async handle({ actor, body }) {
    const { accountId, ...input } = body;
    const contract = await addContract(db, { actor, accountId, input });
    return readContract(actor, contract.id);
  },
});

export const editContractOperation = defineOperation({
  operationId: "editContract",
  method: "patch",
  path: "/contracts/{contractId}",
  tag: TAG,
  summary: "Edit a contract",
  description: "Changes the quantity, AddOns or a trial's action at expiry, with the rules of the portal's Edit Contract. Send the ETag you read in `If-Match` to refuse overwriting a change made since (412).",
  scope: "write",
  params: contractParams,
  body: editContractSchema,
  response: { status: 200, description: "The contract as edited.", schema: contractSchema },
  errors: [400, 403, 404, 412, 422],
  etag: "match",
  async handle({ actor, params, body, ifMatch }) {
    await editContract(db, { actor, contractId: params.contractId, input: body, precondition: contractPrecondition(ifMatch, actor, params.contractId) });
    return readContract(actor, params.contractId);
  },
});

export const cancelContractOperation = defineOperation({
  operationId: "cancelContract",
  method: "post",
  path: "/contracts/{contractId}/cancel",
  tag: TAG,
  summary: "Cancel a contract or one of its AddOns",
  description: "A PAYG contract whole or one of its AddOns (`addOn`: its SKU), or an NFR, with a reason; billing stops from the next metering day.",
  scope: "write",
  params: contractParams,
  body: cancelContractSchema,
  response: { status: 200, description: "The contract after canceling.", schema: contractSchema },
  errors: [400, 403, 404, 412, 422],
  etag: "match",
  async handle({ actor, params, body, ifMatch }) {
    await cancelContract(db, { actor, contractId: params.contractId, input: body, precondition: contractPrecondition(ifMatch, actor, params.contractId) });
    return readContract(actor, params.contractId);
  },
});
