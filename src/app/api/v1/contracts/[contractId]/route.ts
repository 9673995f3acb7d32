import { apiHandler } from "@/server/api/api-handler";
import { editContractOperation, getContractOperation } from "@/server/api/operations/contracts";

export const GET = apiHandler(getContractOperation);
export const PATCH = apiHandler(editContractOperation);
