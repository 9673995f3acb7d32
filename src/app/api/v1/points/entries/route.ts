import { apiHandler } from "@/server/api/api-handler";
import { listPointsEntriesOperation } from "@/server/api/operations/pools";

export const GET = apiHandler(listPointsEntriesOperation);
