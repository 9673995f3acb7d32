-- CreateEnum
CREATE TYPE "AdviceSubject" AS ENUM ('GATEWAY', 'SERVICE', 'CONTRACT');

-- CreateEnum
CREATE TYPE "AdviceSuggestion" AS ENUM ('SUBSCRIPTION', 'SMALLER_QUANTITY', 'PAYG');

-- CreateTable
CREATE TABLE "savings_advice" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "subject_type" "AdviceSubject" NOT NULL,
    "subject_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "through_month" DATE NOT NULL,
    "window_days" INTEGER NOT NULL,
    "monthly_device_days" INTEGER[],
    "monthly_live_days" INTEGER[],
    "days" INTEGER NOT NULL,
    "peak_units" INTEGER NOT NULL,
    "quantity" INTEGER,
    "sku" TEXT NOT NULL,
    "suggestion" "AdviceSuggestion",
    "suggested_quantity" INTEGER,
    "currency" CHAR(3),
    "price_book_name" TEXT,
    "cost_now_minor" BIGINT,
    "cost_with_minor" BIGINT,
    "saving_minor" BIGINT,
    "note" TEXT NOT NULL DEFAULT '',
    "usage_computed_at" TIMESTAMPTZ(3) NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "savings_advice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "savings_advice_runs" (
    "account_id" UUID NOT NULL,
    "through_month" DATE NOT NULL,
    "usage_computed_at" TIMESTAMPTZ(3) NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "savings_advice_runs_pkey" PRIMARY KEY ("account_id")
);

-- CreateIndex
CREATE INDEX "savings_advice_account_id_saving_minor_id_idx" ON "savings_advice"("account_id", "saving_minor" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "savings_advice_account_id_subject_type_subject_id_service_i_key" ON "savings_advice"("account_id", "subject_type", "subject_id", "service_id");

-- AddForeignKey
ALTER TABLE "savings_advice" ADD CONSTRAINT "savings_advice_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "savings_advice" ADD CONSTRAINT "savings_advice_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "savings_advice_runs" ADD CONSTRAINT "savings_advice_runs_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
