-- DropIndex
DROP INDEX "contracts_external_id_key";

-- CreateIndex
CREATE UNIQUE INDEX "contracts_account_id_external_id_key" ON "contracts"("account_id", "external_id");
