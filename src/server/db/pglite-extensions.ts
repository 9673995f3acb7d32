import "server-only";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * PostgreSQL extensions the migrations create (`CREATE EXTENSION`), which an
 * embedded PGlite must load when it opens: pg_trgm serves the end-user search
 * of the pairing combobox (docs/end-users-and-devices.md#pairing-search).
 * Every PGlite the portal, the tests and `db:migration` open passes these.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };
