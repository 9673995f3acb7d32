import { apiHandler } from "@/server/api/api-handler";
import { listStatementsOperation } from "@/server/api/operations/statements";

export const GET = apiHandler(listStatementsOperation);
