import { apiHandler } from "@/server/api/api-handler";
import { setPlanLicenceTypeOperation } from "@/server/api/operations/plans";

export const POST = apiHandler(setPlanLicenceTypeOperation);
