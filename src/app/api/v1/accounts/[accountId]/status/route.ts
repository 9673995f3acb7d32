import { apiHandler } from "@/server/api/api-handler";
import { changeAccountStatusOperation } from "@/server/api/operations/accounts";

export const POST = apiHandler(changeAccountStatusOperation);
