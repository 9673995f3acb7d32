import { apiHandler } from "@/server/api/api-handler";
import { listAnnualAssignmentsOperation } from "@/server/api/operations/pools";

export const GET = apiHandler(listAnnualAssignmentsOperation);
