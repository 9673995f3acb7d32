import { apiHandler } from "@/server/api/api-handler";
import { getPlanOperation } from "@/server/api/operations/plans";

export const GET = apiHandler(getPlanOperation);
