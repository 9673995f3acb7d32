import { apiHandler } from "@/server/api/api-handler";
import { getPoolsOperation } from "@/server/api/operations/pools";

export const GET = apiHandler(getPoolsOperation);
