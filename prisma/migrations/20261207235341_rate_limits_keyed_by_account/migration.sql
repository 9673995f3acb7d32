-- DropIndex
DROP INDEX "api_rate_limits_account_id_idx";

-- AlterTable
ALTER TABLE "api_rate_limits" DROP CONSTRAINT "api_rate_limits_pkey",
ADD CONSTRAINT "api_rate_limits_pkey" PRIMARY KEY ("account_id", "bucket", "window_start");
