import { apiHandler } from "@/server/api/api-handler";
import { listLocationLicencesOperation, requestLocationLicenceOperation } from "@/server/api/operations/location-licences";

export const GET = apiHandler(listLocationLicencesOperation);
export const POST = apiHandler(requestLocationLicenceOperation);
