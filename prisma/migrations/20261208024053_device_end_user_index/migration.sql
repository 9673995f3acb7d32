-- CreateIndex
CREATE INDEX "devices_end_user_id_idx" ON "devices"("end_user_id");
