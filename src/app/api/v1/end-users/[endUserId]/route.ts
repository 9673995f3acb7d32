import { apiHandler } from "@/server/api/api-handler";
import { getEndUserOperation } from "@/server/api/operations/end-users";

export const GET = apiHandler(getEndUserOperation);
