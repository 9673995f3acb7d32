-- CreateEnum
CREATE TYPE "LocationSector" AS ENUM ('HOSPITALITY', 'RETAIL', 'EDUCATION', 'HEALTHCARE', 'OFFICE', 'PUBLIC_VENUE', 'OTHER');

-- CreateEnum
CREATE TYPE "LocationLicenceStatus" AS ENUM ('PENDING_PROVISION', 'PENDING_START', 'IN_USE', 'ACCESS_DENIED', 'CONTRACT_FINALIZED');

-- CreateEnum
CREATE TYPE "LicencePayment" AS ENUM ('MONTHLY', 'ANNUAL');

-- CreateEnum
CREATE TYPE "NoticeStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'SKIPPED', 'IN_APP');

-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "location_id" UUID;

-- CreateTable
CREATE TABLE "locations" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "sector" "LocationSector" NOT NULL,
    "rooms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "location_licences" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "location_id" UUID NOT NULL,
    "partner_account_id" UUID NOT NULL,
    "distributor_account_id" UUID NOT NULL,
    "years" INTEGER NOT NULL,
    "payment" "LicencePayment" NOT NULL,
    "max_access_points" INTEGER,
    "max_rooms" INTEGER,
    "modules" TEXT[],
    "status" "LocationLicenceStatus" NOT NULL DEFAULT 'PENDING_PROVISION',
    "provisioned_at" TIMESTAMPTZ(3),
    "provisioned_on" DATE,
    "starts_on" DATE,
    "ends_on" DATE,
    "denied_at" TIMESTAMPTZ(3),
    "denied_reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "location_licences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licence_key_attempts" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "user_id" UUID,
    "succeeded" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_key_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notices" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "email" BOOLEAN NOT NULL,
    "recipients" TEXT[],
    "status" "NoticeStatus" NOT NULL,
    "skip_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "claimed_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notice_reads" (
    "notice_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_reads_pkey" PRIMARY KEY ("notice_id","user_id")
);

-- CreateTable
CREATE TABLE "notification_recipients" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_recipients_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "locations_account_id_name_key" ON "locations"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "location_licences_key_key" ON "location_licences"("key");

-- CreateIndex
CREATE INDEX "location_licences_account_id_status_idx" ON "location_licences"("account_id", "status");

-- CreateIndex
CREATE INDEX "location_licences_location_id_idx" ON "location_licences"("location_id");

-- CreateIndex
CREATE INDEX "location_licences_status_ends_on_idx" ON "location_licences"("status", "ends_on");

-- CreateIndex
CREATE INDEX "licence_key_attempts_account_id_created_at_idx" ON "licence_key_attempts"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "licence_key_attempts_user_id_created_at_idx" ON "licence_key_attempts"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "notices_status_next_attempt_at_idx" ON "notices"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notices_account_id_created_at_idx" ON "notices"("account_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "notices_account_id_key_key" ON "notices"("account_id", "key");

-- CreateIndex
CREATE INDEX "notice_reads_user_id_idx" ON "notice_reads"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_recipients_account_id_email_key" ON "notification_recipients"("account_id", "email");

-- CreateIndex
CREATE INDEX "devices_location_id_idx" ON "devices"("location_id");

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "locations" ADD CONSTRAINT "locations_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_licences" ADD CONSTRAINT "location_licences_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_licences" ADD CONSTRAINT "location_licences_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_licences" ADD CONSTRAINT "location_licences_partner_account_id_fkey" FOREIGN KEY ("partner_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_licences" ADD CONSTRAINT "location_licences_distributor_account_id_fkey" FOREIGN KEY ("distributor_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licence_key_attempts" ADD CONSTRAINT "licence_key_attempts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "notices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_recipients" ADD CONSTRAINT "notification_recipients_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
