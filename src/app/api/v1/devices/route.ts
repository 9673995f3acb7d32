import { apiHandler } from "@/server/api/api-handler";
import { listDevicesOperation } from "@/server/api/operations/devices";

export const GET = apiHandler(listDevicesOperation);
