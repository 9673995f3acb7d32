-- DropIndex
DROP INDEX "end_users_account_id_name_external_id_idx";
