import { apiHandler } from "@/server/api/api-handler";
import { createAccountOperation, listAccountsOperation } from "@/server/api/operations/accounts";

export const GET = apiHandler(listAccountsOperation);
export const POST = apiHandler(createAccountOperation);
