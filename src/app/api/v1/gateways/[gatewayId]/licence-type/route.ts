import { apiHandler } from "@/server/api/api-handler";
import { setGatewayLicenceTypeOperation } from "@/server/api/operations/gateways";

export const POST = apiHandler(setGatewayLicenceTypeOperation);
