-- DropIndex
DROP INDEX "audit_events_action_idx";

-- CreateIndex
CREATE INDEX "audit_events_account_id_action_created_at_id_idx" ON "audit_events"("account_id", "action", "created_at" DESC, "id" DESC);
