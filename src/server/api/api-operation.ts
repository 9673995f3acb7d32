import "server-only";
import type { z } from "zod";
import type { Actor } from "@/server/auth/reach";
import type { DbTx } from "@/server/db";

/*
 * One operation of the public API (docs/api.md): the schemas its handler validates with are
 * the ones the OpenAPI document describes (openapi-document.ts), so the two cannot drift.
 */

export type ApiMethod = "get" | "post" | "patch" | "delete";
/** A read-only key may call `read` operations only (docs/api.md#keys-and-scopes). */
export type ApiScope = "read" | "write";
/** Statuses an operation documents beyond those every operation may answer (401, 429, 500). */
export type ApiErrorStatus = 400 | 403 | 404 | 409 | 412 | 422;

type Schema = z.ZodType;
type ObjectSchema = z.ZodObject;
type Out<S> = S extends Schema ? z.output<S> : undefined;

/** `If-Match` of an edit: checked against the object as it is, inside the edit's transaction. */
export interface IfMatch {
  /** The header's ETag, or null when the client sent none (the edit then applies unconditionally). */
  etag: string | null;
  /**
   * A check for the domain function to run after it has locked the object: it rebuilds the
   * object's representation with `current(tx)` and refuses with 412 when its ETag differs.
   * Undefined when no `If-Match` was sent.
   */
  precondition(current: (tx: DbTx) => Promise<unknown>): ((tx: DbTx) => Promise<void>) | undefined;
}

export interface ApiContext<P, Q, B> {
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  ifMatch: IfMatch;
  request: Request;
}

export interface ApiOperation<P extends ObjectSchema | undefined = ObjectSchema | undefined, Q extends ObjectSchema | undefined = ObjectSchema | undefined, B extends Schema | undefined = Schema | undefined, R extends Schema = Schema> {
  operationId: string;
  method: ApiMethod;
  /** OpenAPI path under /api/v1, e.g. `/contracts/{contractId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  response: { status: 200 | 201 | 202; description: string; schema: R };
  errors: ApiErrorStatus[];
  /**
   * "read": the answer carries an ETag and honours If-None-Match (304).
   * "match": the edit honours If-Match (412 on a stale version); its answer carries the new ETag.
   */
  etag?: "read" | "match";
  handle(context: ApiContext<Out<P>, Out<Q>, Out<B>>): Promise<z.input<R>>;
}

/** Declares an operation with its handler typed from its schemas. */
export function defineOperation<P extends ObjectSchema | undefined = undefined, Q extends ObjectSchema | undefined = undefined, B extends Schema | undefined = undefined, R extends Schema = Schema>(
  operation: ApiOperation<P, Q, B, R>,
): ApiOperation<P, Q, B, R> {
  return operation;
}

// Operations of any schemas, as the registry and the document hold them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyApiOperation = ApiOperation<any, any, any, any>;

/**
 * An operation the document describes whose route keeps its own handler, and why (telemetry:
 * its hot path validates without the schema, tested to agree with it, and answers a batch's
 * faults). Its schemas are still the ones its code validates with.
 */
export type OwnRouteOperation = Omit<AnyApiOperation, "handle"> & { ownRoute: string };

export type DocumentedOperation = AnyApiOperation | OwnRouteOperation;
