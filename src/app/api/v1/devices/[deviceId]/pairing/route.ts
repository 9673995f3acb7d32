import { apiHandler } from "@/server/api/api-handler";
import { pairDeviceOperation } from "@/server/api/operations/devices";

export const POST = apiHandler(pairDeviceOperation);
