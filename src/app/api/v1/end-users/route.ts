import { apiHandler } from "@/server/api/api-handler";
import { listEndUsersOperation } from "@/server/api/operations/end-users";

export const GET = apiHandler(listEndUsersOperation);
