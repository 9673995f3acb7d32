import { apiHandler } from "@/server/api/api-handler";
import { listUsageEvidenceOperation } from "@/server/api/operations/usage";

export const GET = apiHandler(listUsageEvidenceOperation);
