import { apiHandler } from "@/server/api/api-handler";
import { getUsageMonthOperation } from "@/server/api/operations/usage";

export const GET = apiHandler(getUsageMonthOperation);
