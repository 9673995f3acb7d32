import { apiHandler } from "@/server/api/api-handler";
import { getLocationLicenceOperation } from "@/server/api/operations/location-licences";

export const GET = apiHandler(getLocationLicenceOperation);
