import "server-only";
import { Prisma } from "@/generated/prisma/client";

/**
 * A piece of a WITH list: its SQL (one or more `name AS (…)`), the CTEs it
 * reads (`needs`) and the ones it defines (`provides`). Fragments used to be
 * joined by CTE names passed as strings, so a missing or misspelt CTE was an
 * SQL error at run time; with `withCtes` it is a type error: a fragment can
 * only be added after fragments providing everything it needs.
 */
export interface Cte<Needs extends string, Provides extends string> {
  readonly sql: Prisma.Sql;
  readonly needs: readonly Needs[];
  readonly provides: readonly Provides[];
}

/** One CTE, `name AS (body)`, reading the CTEs in `needs`. */
export function cte<const Name extends string, const Needs extends string = never>(
  name: Name,
  body: Prisma.Sql,
  needs: readonly Needs[] = [],
): Cte<Needs, Name> {
  return { sql: Prisma.sql`${Prisma.raw(name)} AS (${body})`, needs, provides: [name] };
}

/** A fragment of several CTEs written as one piece of SQL (`a AS (…), b AS (…)`). */
export function ctes<const Needs extends string, const Provides extends string>(
  declared: { needs: readonly Needs[]; provides: readonly Provides[] },
  sql: Prisma.Sql,
): Cte<Needs, Provides> {
  return { sql, needs: declared.needs, provides: declared.provides };
}

/** A WITH list under construction; `Have` = the CTEs defined so far. */
export class CteChain<Have extends string> {
  private constructor(
    private readonly parts: readonly Prisma.Sql[],
    private readonly have: ReadonlySet<string>,
  ) {}

  static start<P extends string>(first: Cte<never, P>): CteChain<P> {
    return new CteChain<never>([], new Set()).and(first);
  }

  /**
   * Appends a fragment whose needs are all defined already (checked by the compiler, and again here).
   * Named `and`, not `then`: an object with a `then` method is a thenable, and awaiting or returning
   * it from an async function would call it.
   */
  and<P extends string>(next: Cte<Have, P>): CteChain<Have | P> {
    const missing = next.needs.filter((name) => !this.have.has(name));
    if (missing.length > 0) throw new Error(`CTE fragment needs ${missing.join(", ")}, not defined before it`);
    return new CteChain<Have | P>([...this.parts, next.sql], new Set([...this.have, ...next.provides]));
  }

  /** The statement: `WITH <fragments> <tail>` (the tail reads what the fragments provide). */
  select(tail: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`WITH ${Prisma.join(this.parts, ",\n")}\n${tail}`;
  }
}

/** Starts a WITH list with a fragment that needs nothing. */
export function withCtes<P extends string>(first: Cte<never, P>): CteChain<P> {
  return CteChain.start(first);
}
