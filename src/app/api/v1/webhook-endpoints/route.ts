import { apiHandler } from "@/server/api/api-handler";
import { createWebhookEndpointOperation, listWebhookEndpointsOperation } from "@/server/api/operations/webhooks";

export const GET = apiHandler(listWebhookEndpointsOperation);
export const POST = apiHandler(createWebhookEndpointOperation);
