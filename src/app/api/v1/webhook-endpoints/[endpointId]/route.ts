import { apiHandler } from "@/server/api/api-handler";
import { deleteWebhookEndpointOperation, getWebhookEndpointOperation, updateWebhookEndpointOperation } from "@/server/api/operations/webhooks";

export const GET = apiHandler(getWebhookEndpointOperation);
export const PATCH = apiHandler(updateWebhookEndpointOperation);
export const DELETE = apiHandler(deleteWebhookEndpointOperation);
