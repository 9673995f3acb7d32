import { apiHandler } from "@/server/api/api-handler";
import { cancelContractOperation } from "@/server/api/operations/contracts";

export const POST = apiHandler(cancelContractOperation);
