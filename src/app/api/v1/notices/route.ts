import { apiHandler } from "@/server/api/api-handler";
import { listNoticesOperation } from "@/server/api/operations/notices";

export const GET = apiHandler(listNoticesOperation);
