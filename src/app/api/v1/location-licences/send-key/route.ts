import { apiHandler } from "@/server/api/api-handler";
import { sendLicenceKeyOperation } from "@/server/api/operations/location-licences";

export const POST = apiHandler(sendLicenceKeyOperation);
