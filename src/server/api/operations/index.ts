import "server-only";
import type { DocumentedOperation } from "../api-operation";
import { ingestTelemetryOperation } from "./telemetry";
import {
  createWebhookEndpointOperation,
  deleteWebhookEndpointOperation,
  getWebhookEndpointOperation,
  listWebhookAttemptsOperation,
  listWebhookEndpointsOperation,
  resendWebhookDeliveryOperation,
  rollWebhookSecretOperation,
  updateWebhookEndpointOperation,
} from "./webhooks";
import { cancelContractOperation, createContractOperation, editContractOperation, getContractOperation, listContractsOperation } from "./contracts";

/**
 * Every operation of the public API, in the order the document lists them. An operation
 * missing here is missing from /api/v1/openapi.json, and the document test fails on its route.
 */
export const API_OPERATIONS: readonly DocumentedOperation[] = [
  listContractsOperation,
  getContractOperation,
  createContractOperation,
  editContractOperation,
  cancelContractOperation,
  ingestTelemetryOperation,
  listWebhookEndpointsOperation,
  getWebhookEndpointOperation,
  createWebhookEndpointOperation,
  updateWebhookEndpointOperation,
  deleteWebhookEndpointOperation,
  rollWebhookSecretOperation,
  listWebhookAttemptsOperation,
  resendWebhookDeliveryOperation,
];
