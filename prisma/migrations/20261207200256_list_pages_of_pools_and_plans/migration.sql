-- DropIndex
DROP INDEX "gateways_plan_id_idx";

-- CreateIndex
CREATE INDEX "gateways_plan_id_name_id_idx" ON "gateways"("plan_id", "name", "id");

-- CreateIndex
CREATE INDEX "monthly_assignments_pool_id_priority_created_at_id_idx" ON "monthly_assignments"("pool_id", "priority", "created_at", "id");

-- CreateIndex
CREATE INDEX "pool_assignments_account_id_created_at_id_idx" ON "pool_assignments"("account_id", "created_at" DESC, "id" DESC);
