-- AlterTable
ALTER TABLE "end_users" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3),
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'admin',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "user_groups" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_group_members" (
    "account_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "end_user_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_group_members_pkey" PRIMARY KEY ("group_id","end_user_id")
);

-- CreateTable
CREATE TABLE "group_subscriptions" (
    "account_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "package_id" UUID NOT NULL,
    "attached_by" TEXT NOT NULL,
    "attached_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_subscriptions_pkey" PRIMARY KEY ("group_id","package_id")
);

-- CreateTable
CREATE TABLE "package_assignments" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "end_user_id" UUID NOT NULL,
    "package_id" UUID NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL,
    "unassigned_at" TIMESTAMPTZ(3),
    "open_package_id" UUID,

    CONSTRAINT "package_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_monthly_packages" (
    "account_id" UUID NOT NULL,
    "package_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "billed_seats" INTEGER NOT NULL,
    "paired_users" INTEGER NOT NULL,
    "standalone_endpoints" INTEGER NOT NULL,
    "silent_not_billed" INTEGER NOT NULL,
    "run_id" UUID,
    "rolled_up_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_monthly_packages_pkey" PRIMARY KEY ("account_id","package_id","month")
);

-- CreateTable
CREATE TABLE "purge_logs" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "retention_days" INTEGER NOT NULL,
    "devices_purged" INTEGER NOT NULL,
    "end_users_purged" INTEGER NOT NULL,
    "details" JSONB NOT NULL,
    "run_id" UUID,
    "purged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "purge_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "end_user_imports" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "created_by" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "error_count" INTEGER NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'PREVIEWED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "imported_at" TIMESTAMPTZ(3),

    CONSTRAINT "end_user_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_groups_account_id_name_key" ON "user_groups"("account_id", "name");

-- CreateIndex
CREATE INDEX "user_group_members_end_user_id_idx" ON "user_group_members"("end_user_id");

-- CreateIndex
CREATE INDEX "group_subscriptions_account_id_package_id_idx" ON "group_subscriptions"("account_id", "package_id");

-- CreateIndex
CREATE INDEX "package_assignments_account_id_package_id_idx" ON "package_assignments"("account_id", "package_id");

-- CreateIndex
CREATE UNIQUE INDEX "package_assignments_end_user_id_open_package_id_key" ON "package_assignments"("end_user_id", "open_package_id");

-- CreateIndex
CREATE INDEX "purge_logs_account_id_purged_at_idx" ON "purge_logs"("account_id", "purged_at" DESC);

-- CreateIndex
CREATE INDEX "end_user_imports_account_id_created_at_idx" ON "end_user_imports"("account_id", "created_at");

-- AddForeignKey
ALTER TABLE "user_groups" ADD CONSTRAINT "user_groups_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group_members" ADD CONSTRAINT "user_group_members_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group_members" ADD CONSTRAINT "user_group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "user_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_group_members" ADD CONSTRAINT "user_group_members_end_user_id_fkey" FOREIGN KEY ("end_user_id") REFERENCES "end_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_subscriptions" ADD CONSTRAINT "group_subscriptions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_subscriptions" ADD CONSTRAINT "group_subscriptions_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "user_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_subscriptions" ADD CONSTRAINT "group_subscriptions_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package_assignments" ADD CONSTRAINT "package_assignments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package_assignments" ADD CONSTRAINT "package_assignments_end_user_id_fkey" FOREIGN KEY ("end_user_id") REFERENCES "end_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package_assignments" ADD CONSTRAINT "package_assignments_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_monthly_packages" ADD CONSTRAINT "usage_monthly_packages_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_monthly_packages" ADD CONSTRAINT "usage_monthly_packages_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_monthly_packages" ADD CONSTRAINT "usage_monthly_packages_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purge_logs" ADD CONSTRAINT "purge_logs_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "end_user_imports" ADD CONSTRAINT "end_user_imports_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
