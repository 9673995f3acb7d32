-- CreateEnum
CREATE TYPE "PriceKind" AS ENUM ('PAYG_UNIT', 'SEAT', 'SUBSCRIPTION_MONTH', 'LICENCE_YEAR');

-- CreateEnum
CREATE TYPE "StatementStatus" AS ENUM ('DRAFT', 'FINAL');

-- CreateEnum
CREATE TYPE "StatementFormat" AS ENUM ('PDF', 'XLSX', 'CSV');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('PAYG_OVER_QUANTITY', 'FORECAST_OVER_BUDGET', 'USAGE_SPIKE', 'USAGE_DROP', 'POOL_SHORT');

-- CreateTable
CREATE TABLE "price_books" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "default_key" UUID,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "price_books_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prices" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "price_book_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" "PriceKind" NOT NULL,
    "min_units" INTEGER NOT NULL DEFAULT 0,
    "from_month" DATE NOT NULL,
    "unit_price_minor" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "buyer_pricing" (
    "account_id" UUID NOT NULL,
    "seller_account_id" UUID NOT NULL,
    "price_book_id" UUID NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "buyer_pricing_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "price_overrides" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "seller_account_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" "PriceKind" NOT NULL,
    "min_units" INTEGER NOT NULL DEFAULT 0,
    "from_month" DATE NOT NULL,
    "unit_price_minor" INTEGER,
    "discount_bp" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_profiles" (
    "account_id" UUID NOT NULL,
    "legal_name" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "statement_prefix" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "billing_profiles_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "statements" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "seller_account_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "status" "StatementStatus" NOT NULL DEFAULT 'DRAFT',
    "number" TEXT,
    "currency" CHAR(3) NOT NULL,
    "price_book_name" TEXT NOT NULL,
    "total_minor" BIGINT NOT NULL,
    "seller_name" TEXT NOT NULL,
    "seller_address" TEXT NOT NULL,
    "buyer_name" TEXT NOT NULL,
    "buyer_address" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "finalized_at" TIMESTAMPTZ(3),
    "draft_total_minor" BIGINT,

    CONSTRAINT "statements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_lines" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "statement_id" UUID NOT NULL,
    "version" "StatementStatus" NOT NULL,
    "position" INTEGER NOT NULL,
    "service_name" TEXT NOT NULL,
    "usage_account_name" TEXT NOT NULL,
    "usage_account_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity_e4" BIGINT NOT NULL,
    "unit" TEXT NOT NULL,
    "unit_price_minor" BIGINT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "corrects_month" DATE,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "statement_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_files" (
    "statement_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "format" "StatementFormat" NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "statement_files_pkey" PRIMARY KEY ("statement_id","format")
);

-- CreateTable
CREATE TABLE "statement_sequences" (
    "account_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "statement_sequences_pkey" PRIMARY KEY ("account_id","year")
);

-- CreateTable
CREATE TABLE "alert_settings" (
    "account_id" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "threshold" INTEGER,
    "min_devices" INTEGER,
    "recipients" TEXT[],
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_settings_pkey" PRIMARY KEY ("account_id","kind")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "period" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "price_books_default_key_key" ON "price_books"("default_key");

-- CreateIndex
CREATE UNIQUE INDEX "price_books_account_id_name_key" ON "price_books"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "prices_price_book_id_sku_kind_min_units_from_month_key" ON "prices"("price_book_id", "sku", "kind", "min_units", "from_month");

-- CreateIndex
CREATE INDEX "buyer_pricing_seller_account_id_idx" ON "buyer_pricing"("seller_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "price_overrides_account_id_sku_kind_min_units_from_month_key" ON "price_overrides"("account_id", "sku", "kind", "min_units", "from_month");

-- CreateIndex
CREATE INDEX "statements_account_id_month_idx" ON "statements"("account_id", "month");

-- CreateIndex
CREATE INDEX "statements_seller_account_id_month_status_idx" ON "statements"("seller_account_id", "month", "status");

-- CreateIndex
CREATE UNIQUE INDEX "statements_seller_account_id_account_id_month_key" ON "statements"("seller_account_id", "account_id", "month");

-- CreateIndex
CREATE UNIQUE INDEX "statements_seller_account_id_number_key" ON "statements"("seller_account_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "statement_lines_statement_id_version_position_key" ON "statement_lines"("statement_id", "version", "position");

-- CreateIndex
CREATE INDEX "alerts_account_id_created_at_idx" ON "alerts"("account_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alerts_account_id_kind_subject_period_key" ON "alerts"("account_id", "kind", "subject", "period");

-- AddForeignKey
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prices" ADD CONSTRAINT "prices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prices" ADD CONSTRAINT "prices_price_book_id_fkey" FOREIGN KEY ("price_book_id") REFERENCES "price_books"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "buyer_pricing" ADD CONSTRAINT "buyer_pricing_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "buyer_pricing" ADD CONSTRAINT "buyer_pricing_seller_account_id_fkey" FOREIGN KEY ("seller_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "buyer_pricing" ADD CONSTRAINT "buyer_pricing_price_book_id_fkey" FOREIGN KEY ("price_book_id") REFERENCES "price_books"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_seller_account_id_fkey" FOREIGN KEY ("seller_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_profiles" ADD CONSTRAINT "billing_profiles_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statements" ADD CONSTRAINT "statements_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statements" ADD CONSTRAINT "statements_seller_account_id_fkey" FOREIGN KEY ("seller_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_files" ADD CONSTRAINT "statement_files_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_sequences" ADD CONSTRAINT "statement_sequences_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Money is never negative and an override is a price or a discount, never both (docs/money.md#price-books).
ALTER TABLE "prices" ADD CONSTRAINT "prices_unit_price_minor_check" CHECK ("unit_price_minor" >= 0 AND "min_units" >= 0);
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_one_of_check" CHECK (
  ("unit_price_minor" IS NULL) <> ("discount_bp" IS NULL)
  AND ("unit_price_minor" IS NULL OR "unit_price_minor" >= 0)
  AND ("discount_bp" IS NULL OR "discount_bp" BETWEEN 0 AND 10000)
);
-- A final statement never changes: its row, lines and files refuse updates and deletes
-- (docs/money.md#statements). Deleting the account (cascade) still removes them.
CREATE FUNCTION statement_final_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'statements' THEN
    IF OLD.status = 'FINAL' THEN
      RAISE EXCEPTION 'statement % is final', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  ELSIF TG_TABLE_NAME = 'statement_lines' THEN
    IF OLD.version = 'FINAL' THEN
      RAISE EXCEPTION 'final statement lines never change' USING ERRCODE = 'check_violation';
    END IF;
  ELSE
    RAISE EXCEPTION 'statement files never change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER statements_final_guard BEFORE UPDATE ON "statements" FOR EACH ROW EXECUTE FUNCTION statement_final_guard();
CREATE TRIGGER statement_lines_final_guard BEFORE UPDATE ON "statement_lines" FOR EACH ROW EXECUTE FUNCTION statement_final_guard();
CREATE TRIGGER statement_files_final_guard BEFORE UPDATE ON "statement_files" FOR EACH ROW EXECUTE FUNCTION statement_final_guard();
