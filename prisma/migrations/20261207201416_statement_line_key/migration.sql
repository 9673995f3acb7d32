-- AlterTable
ALTER TABLE "statement_lines" ADD COLUMN     "line_key" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "statements_seller_account_id_month_buyer_name_id_idx" ON "statements"("seller_account_id", "month" DESC, "buyer_name", "id");
