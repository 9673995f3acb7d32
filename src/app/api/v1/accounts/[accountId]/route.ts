import { apiHandler } from "@/server/api/api-handler";
import { getAccountOperation } from "@/server/api/operations/accounts";

export const GET = apiHandler(getAccountOperation);
