import { apiHandler } from "@/server/api/api-handler";
import { getDailyUsageOperation } from "@/server/api/operations/usage";

export const GET = apiHandler(getDailyUsageOperation);
