import { apiHandler } from "@/server/api/api-handler";
import { listWebhookAttemptsOperation } from "@/server/api/operations/webhooks";

export const GET = apiHandler(listWebhookAttemptsOperation);
