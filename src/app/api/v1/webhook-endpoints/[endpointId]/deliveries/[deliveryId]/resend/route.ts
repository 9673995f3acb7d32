import { apiHandler } from "@/server/api/api-handler";
import { resendWebhookDeliveryOperation } from "@/server/api/operations/webhooks";

export const POST = apiHandler(resendWebhookDeliveryOperation);
