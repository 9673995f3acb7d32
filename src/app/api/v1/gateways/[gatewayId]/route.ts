import { apiHandler } from "@/server/api/api-handler";
import { getGatewayOperation } from "@/server/api/operations/gateways";

export const GET = apiHandler(getGatewayOperation);
