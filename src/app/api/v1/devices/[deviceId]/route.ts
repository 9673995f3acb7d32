import { apiHandler } from "@/server/api/api-handler";
import { getDeviceOperation } from "@/server/api/operations/devices";

export const GET = apiHandler(getDeviceOperation);
