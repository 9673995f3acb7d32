import "server-only";
import type { DocumentedOperation } from "../api-operation";
import { ingestTelemetryOperation } from "./telemetry";
import { changeAccountStatusOperation, createAccountOperation, getAccountOperation, listAccountsOperation } from "./accounts";
import { getDeviceOperation, listDevicesOperation, pairDeviceOperation } from "./devices";
import { getEndUserOperation, listEndUsersOperation } from "./end-users";
import { getGatewayOperation, listGatewaysOperation, setGatewayLicenceTypeOperation } from "./gateways";
import { getPlanOperation, listPlansOperation, setPlanLicenceTypeOperation } from "./plans";
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
import { getLocationLicenceOperation, listLocationLicencesOperation, requestLocationLicenceOperation, sendLicenceKeyOperation } from "./location-licences";
import { listNoticesOperation } from "./notices";
import { getPoolsOperation, listAnnualAssignmentsOperation, listPointsEntriesOperation } from "./pools";
import { getStatementOperation, listStatementsOperation } from "./statements";
import { getDailyUsageOperation, getUsageMonthOperation, listUsageEvidenceOperation } from "./usage";

/**
 * Every operation of the public API, in the order the document lists them. An operation
 * missing here is missing from /api/v1/openapi.json, and the document test fails on its route.
 */
export const API_OPERATIONS: readonly DocumentedOperation[] = [
  listAccountsOperation,
  getAccountOperation,
  createAccountOperation,
  changeAccountStatusOperation,
  listContractsOperation,
  getContractOperation,
  createContractOperation,
  editContractOperation,
  cancelContractOperation,
  listPlansOperation,
  getPlanOperation,
  setPlanLicenceTypeOperation,
  listGatewaysOperation,
  getGatewayOperation,
  setGatewayLicenceTypeOperation,
  listDevicesOperation,
  getDeviceOperation,
  pairDeviceOperation,
  listEndUsersOperation,
  getEndUserOperation,
  getUsageMonthOperation,
  getDailyUsageOperation,
  listUsageEvidenceOperation,
  listStatementsOperation,
  getStatementOperation,
  listLocationLicencesOperation,
  getLocationLicenceOperation,
  requestLocationLicenceOperation,
  sendLicenceKeyOperation,
  getPoolsOperation,
  listAnnualAssignmentsOperation,
  listPointsEntriesOperation,
  listNoticesOperation,
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
