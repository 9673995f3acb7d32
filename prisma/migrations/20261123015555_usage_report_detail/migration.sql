-- CreateEnum
CREATE TYPE "PackageSeatKind" AS ENUM ('END_USER', 'STANDALONE_ENDPOINT');

-- CreateTable
CREATE TABLE "usage_monthly_package_seats" (
    "account_id" UUID NOT NULL,
    "package_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "seat_id" UUID NOT NULL,
    "kind" "PackageSeatKind" NOT NULL,
    "billed" BOOLEAN NOT NULL,
    "devices" INTEGER NOT NULL,
    "first_active_day" DATE,
    "last_active_day" DATE,
    "external_id" TEXT,
    "name" TEXT,
    "email" TEXT,

    CONSTRAINT "usage_monthly_package_seats_pkey" PRIMARY KEY ("account_id","month","package_id","seat_id")
);

-- AddForeignKey
ALTER TABLE "usage_monthly_package_seats" ADD CONSTRAINT "usage_monthly_package_seats_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_monthly_package_seats" ADD CONSTRAINT "usage_monthly_package_seats_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
