import { apiHandler } from "@/server/api/api-handler";
import { listPlansOperation } from "@/server/api/operations/plans";

export const GET = apiHandler(listPlansOperation);
