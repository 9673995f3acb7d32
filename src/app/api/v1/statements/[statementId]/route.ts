import { apiHandler } from "@/server/api/api-handler";
import { getStatementOperation } from "@/server/api/operations/statements";

export const GET = apiHandler(getStatementOperation);
