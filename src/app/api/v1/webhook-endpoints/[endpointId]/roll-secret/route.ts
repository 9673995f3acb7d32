import { apiHandler } from "@/server/api/api-handler";
import { rollWebhookSecretOperation } from "@/server/api/operations/webhooks";

export const POST = apiHandler(rollWebhookSecretOperation);
