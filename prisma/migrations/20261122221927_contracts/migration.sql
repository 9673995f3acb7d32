-- CreateEnum
CREATE TYPE "ContractSource" AS ENUM ('PORTAL', 'USER_CENTER');

-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('ACTIVE', 'ABOUT_TO_EXPIRE', 'EXPIRED', 'CANCELED');

-- CreateEnum
CREATE TYPE "TrialExpiryAction" AS ENUM ('CONVERT', 'EXPIRE');

-- CreateEnum
CREATE TYPE "AddOnEndReason" AS ENUM ('REMOVED', 'CANCELED');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('PREVIEWED', 'IMPORTED');

-- CreateTable
CREATE TABLE "account_services" (
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "activated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_by" TEXT NOT NULL,

    CONSTRAINT "account_services_pkey" PRIMARY KEY ("account_id","service_id")
);

-- CreateTable
CREATE TABLE "contracts" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "package_id" UUID NOT NULL,
    "type" "ContractType" NOT NULL,
    "source" "ContractSource" NOT NULL DEFAULT 'PORTAL',
    "external_id" TEXT,
    "subscription_reference" TEXT,
    "quantity" INTEGER NOT NULL,
    "registered_on" DATE NOT NULL,
    "expires_on" DATE,
    "status" "ContractStatus" NOT NULL DEFAULT 'ACTIVE',
    "trial_expiry_action" "TrialExpiryAction",
    "canceled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "archived_at" TIMESTAMPTZ(3),
    "converted_from_id" UUID,
    "synced_at" TIMESTAMPTZ(3),
    "nfr_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_add_ons" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "add_on_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" "AddOnEndReason",
    "end_note" TEXT,

    CONSTRAINT "contract_add_ons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_imports" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "created_by" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "error_count" INTEGER NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'PREVIEWED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "imported_at" TIMESTAMPTZ(3),

    CONSTRAINT "contract_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contracts_number_key" ON "contracts"("number");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_external_id_key" ON "contracts"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_converted_from_id_key" ON "contracts"("converted_from_id");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_nfr_key_key" ON "contracts"("nfr_key");

-- CreateIndex
CREATE INDEX "contracts_account_id_service_id_idx" ON "contracts"("account_id", "service_id");

-- CreateIndex
CREATE INDEX "contracts_status_expires_on_idx" ON "contracts"("status", "expires_on");

-- CreateIndex
CREATE INDEX "contract_add_ons_contract_id_idx" ON "contract_add_ons"("contract_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_account_id_idx" ON "api_keys"("account_id");

-- CreateIndex
CREATE INDEX "contract_imports_account_id_created_at_idx" ON "contract_imports"("account_id", "created_at");

-- AddForeignKey
ALTER TABLE "account_services" ADD CONSTRAINT "account_services_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_services" ADD CONSTRAINT "account_services_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_converted_from_id_fkey" FOREIGN KEY ("converted_from_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_add_ons" ADD CONSTRAINT "contract_add_ons_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_add_ons" ADD CONSTRAINT "contract_add_ons_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_add_ons" ADD CONSTRAINT "contract_add_ons_add_on_id_fkey" FOREIGN KEY ("add_on_id") REFERENCES "add_ons"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_imports" ADD CONSTRAINT "contract_imports_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
