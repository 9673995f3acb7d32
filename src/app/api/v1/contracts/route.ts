import { apiHandler } from "@/server/api/api-handler";
import { createContractOperation, listContractsOperation } from "@/server/api/operations/contracts";

export const GET = apiHandler(listContractsOperation);
export const POST = apiHandler(createContractOperation);
