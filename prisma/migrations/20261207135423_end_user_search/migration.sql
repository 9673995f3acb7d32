-- pg_trgm serves the literal "contains" search of end users (docs/end-users-and-devices.md#pairing-search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "end_users_account_id_name_external_id_idx" ON "end_users"("account_id", "name", "external_id");

-- CreateIndex
CREATE INDEX "end_users_name_idx" ON "end_users" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "end_users_external_id_idx" ON "end_users" USING GIN ("external_id" gin_trgm_ops);
