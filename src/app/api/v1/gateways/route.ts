import { apiHandler } from "@/server/api/api-handler";
import { listGatewaysOperation } from "@/server/api/operations/gateways";

export const GET = apiHandler(listGatewaysOperation);
