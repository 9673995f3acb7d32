-- CreateEnum
CREATE TYPE "PointsEntryKind" AS ENUM ('CREDIT', 'EXCHANGE', 'RENEWAL');

-- CreateTable
CREATE TABLE "pool_price_tiers" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "min_quantity" INTEGER NOT NULL,
    "unit_price_cents" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_price_tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annual_pools" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "years" INTEGER NOT NULL,
    "available" INTEGER NOT NULL DEFAULT 0,
    "trial_licences_allowed" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "annual_pools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pool_orders" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "pool_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "tier_min_quantity" INTEGER NOT NULL,
    "unit_price_cents" INTEGER NOT NULL,
    "total_cents" BIGINT NOT NULL,
    "ordered_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pool_assignments" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "pool_id" UUID NOT NULL,
    "client_account_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "initial_quantity" INTEGER NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "assigned_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pool_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "points_balances" (
    "account_id" UUID NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "points_balances_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "points_entries" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "kind" "PointsEntryKind" NOT NULL,
    "delta" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_user_id" UUID,
    "actor_label" TEXT NOT NULL,
    "service_id" UUID,
    "devices" INTEGER,
    "licences" INTEGER,
    "remaining_days" INTEGER,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "points_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monthly_pools" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "available_devices" INTEGER NOT NULL DEFAULT 0,
    "renewal_licences" INTEGER NOT NULL DEFAULT 0,
    "auto_exchange" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "monthly_pools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monthly_assignments" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "pool_id" UUID NOT NULL,
    "client_account_id" UUID NOT NULL,
    "devices" INTEGER NOT NULL,
    "priority" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "monthly_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monthly_renewals" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "pool_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "needed_licences" INTEGER NOT NULL,
    "renewed_licences" INTEGER NOT NULL,
    "auto_exchanged_licences" INTEGER NOT NULL DEFAULT 0,
    "points_spent" INTEGER NOT NULL DEFAULT 0,
    "shortfall" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monthly_renewals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monthly_renewal_lines" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "renewal_id" UUID NOT NULL,
    "client_account_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "needed" INTEGER NOT NULL,
    "renewed" INTEGER NOT NULL,
    "discounted" INTEGER NOT NULL,

    CONSTRAINT "monthly_renewal_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "renewal_shortfall_notices" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "renewal_id" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "needed" INTEGER NOT NULL,
    "renewed" INTEGER NOT NULL,
    "discounted" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "renewal_shortfall_notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pool_price_tiers_account_id_service_id_min_quantity_key" ON "pool_price_tiers"("account_id", "service_id", "min_quantity");

-- CreateIndex
CREATE UNIQUE INDEX "annual_pools_account_id_service_id_years_key" ON "annual_pools"("account_id", "service_id", "years");

-- CreateIndex
CREATE INDEX "pool_orders_pool_id_created_at_idx" ON "pool_orders"("pool_id", "created_at");

-- CreateIndex
CREATE INDEX "pool_assignments_pool_id_idx" ON "pool_assignments"("pool_id");

-- CreateIndex
CREATE INDEX "pool_assignments_client_account_id_idx" ON "pool_assignments"("client_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "points_entries_idempotency_key_key" ON "points_entries"("idempotency_key");

-- CreateIndex
CREATE INDEX "points_entries_account_id_created_at_idx" ON "points_entries"("account_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "monthly_pools_account_id_service_id_key" ON "monthly_pools"("account_id", "service_id");

-- CreateIndex
CREATE INDEX "monthly_assignments_client_account_id_idx" ON "monthly_assignments"("client_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "monthly_assignments_pool_id_client_account_id_key" ON "monthly_assignments"("pool_id", "client_account_id");

-- CreateIndex
CREATE INDEX "monthly_renewals_account_id_month_idx" ON "monthly_renewals"("account_id", "month");

-- CreateIndex
CREATE UNIQUE INDEX "monthly_renewals_pool_id_month_key" ON "monthly_renewals"("pool_id", "month");

-- CreateIndex
CREATE INDEX "monthly_renewal_lines_client_account_id_idx" ON "monthly_renewal_lines"("client_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "monthly_renewal_lines_renewal_id_client_account_id_key" ON "monthly_renewal_lines"("renewal_id", "client_account_id");

-- CreateIndex
CREATE INDEX "renewal_shortfall_notices_account_id_created_at_idx" ON "renewal_shortfall_notices"("account_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "renewal_shortfall_notices_renewal_id_account_id_key" ON "renewal_shortfall_notices"("renewal_id", "account_id");

-- AddForeignKey
ALTER TABLE "pool_price_tiers" ADD CONSTRAINT "pool_price_tiers_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_price_tiers" ADD CONSTRAINT "pool_price_tiers_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annual_pools" ADD CONSTRAINT "annual_pools_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annual_pools" ADD CONSTRAINT "annual_pools_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_orders" ADD CONSTRAINT "pool_orders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_orders" ADD CONSTRAINT "pool_orders_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "annual_pools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_assignments" ADD CONSTRAINT "pool_assignments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_assignments" ADD CONSTRAINT "pool_assignments_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_assignments" ADD CONSTRAINT "pool_assignments_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "annual_pools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points_balances" ADD CONSTRAINT "points_balances_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_pools" ADD CONSTRAINT "monthly_pools_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_pools" ADD CONSTRAINT "monthly_pools_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_assignments" ADD CONSTRAINT "monthly_assignments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_assignments" ADD CONSTRAINT "monthly_assignments_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_assignments" ADD CONSTRAINT "monthly_assignments_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "monthly_pools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_renewals" ADD CONSTRAINT "monthly_renewals_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_renewals" ADD CONSTRAINT "monthly_renewals_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "monthly_pools"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_renewal_lines" ADD CONSTRAINT "monthly_renewal_lines_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_renewal_lines" ADD CONSTRAINT "monthly_renewal_lines_client_account_id_fkey" FOREIGN KEY ("client_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_renewal_lines" ADD CONSTRAINT "monthly_renewal_lines_renewal_id_fkey" FOREIGN KEY ("renewal_id") REFERENCES "monthly_renewals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal_shortfall_notices" ADD CONSTRAINT "renewal_shortfall_notices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "renewal_shortfall_notices" ADD CONSTRAINT "renewal_shortfall_notices_renewal_id_fkey" FOREIGN KEY ("renewal_id") REFERENCES "monthly_renewals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rules the database enforces whatever the code does (Prisma does not model CHECKs).
ALTER TABLE "annual_pools" ADD CONSTRAINT "annual_pools_years_check" CHECK ("years" IN (1, 2, 3));
ALTER TABLE "annual_pools" ADD CONSTRAINT "annual_pools_available_check" CHECK ("available" >= 0);
ALTER TABLE "pool_assignments" ADD CONSTRAINT "pool_assignments_quantity_check" CHECK ("quantity" >= 0 AND "quantity" <= "initial_quantity");
ALTER TABLE "pool_price_tiers" ADD CONSTRAINT "pool_price_tiers_values_check" CHECK ("min_quantity" >= 1 AND "unit_price_cents" >= 0);
ALTER TABLE "points_balances" ADD CONSTRAINT "points_balances_balance_check" CHECK ("balance" >= 0);
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_balance_after_check" CHECK ("balance_after" >= 0);
ALTER TABLE "monthly_pools" ADD CONSTRAINT "monthly_pools_counts_check" CHECK ("available_devices" >= 0 AND "renewal_licences" >= 0);
ALTER TABLE "monthly_assignments" ADD CONSTRAINT "monthly_assignments_devices_check" CHECK ("devices" >= 0);
