import "server-only";
import type { AnyApiOperation } from "../api-operation";
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
export const API_OPERATIONS: readonly AnyApiOperation[] = [
  listContractsOperation,
  getContractOperation,
  createContractOperation,
  editContractOperation,
  cancelContractOperation,
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
];
