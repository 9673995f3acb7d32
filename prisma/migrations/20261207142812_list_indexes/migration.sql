-- Indexes for the lists' keyset paging (docs/lists.md#indexes). The two last-seen indexes
-- are edited to NULLS LAST (the Devices list puts never-seen devices last; the schema
-- cannot say NULLS, and the migration diff does not compare it).

-- DropIndex
DROP INDEX "audit_events_account_id_created_at_idx";

-- CreateIndex
CREATE INDEX "audit_events_account_id_created_at_id_idx" ON "audit_events"("account_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_events_created_at_id_idx" ON "audit_events"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "devices_last_seen_at_id_idx" ON "devices"("last_seen_at" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "devices_account_id_last_seen_at_id_idx" ON "devices"("account_id", "last_seen_at" DESC NULLS LAST, "id" DESC);

-- CreateIndex
CREATE INDEX "devices_external_id_id_idx" ON "devices"("external_id", "id");

-- CreateIndex
CREATE INDEX "devices_kind_id_idx" ON "devices"("kind", "id");

-- CreateIndex
CREATE INDEX "end_users_account_id_name_external_id_id_idx" ON "end_users"("account_id", "name", "external_id", "id");

-- CreateIndex
CREATE INDEX "gateways_name_id_idx" ON "gateways"("name", "id");

-- CreateIndex
CREATE INDEX "location_licences_account_id_ends_on_id_idx" ON "location_licences"("account_id", "ends_on", "id");

-- CreateIndex
CREATE INDEX "location_licences_ends_on_id_idx" ON "location_licences"("ends_on", "id");

-- CreateIndex
CREATE INDEX "locations_name_id_idx" ON "locations"("name", "id");

-- CreateIndex
CREATE INDEX "notices_created_at_id_idx" ON "notices"("created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "points_entries_account_id_id_idx" ON "points_entries"("account_id", "id" DESC);
