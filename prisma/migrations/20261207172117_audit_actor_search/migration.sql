-- CreateTable
CREATE TABLE "audit_actor_labels" (
    "account_id" UUID NOT NULL,
    "actor_label" TEXT NOT NULL,

    CONSTRAINT "audit_actor_labels_pkey" PRIMARY KEY ("account_id","actor_label")
);

-- CreateIndex
CREATE INDEX "audit_events_account_id_actor_label_created_at_id_idx" ON "audit_events"("account_id", "actor_label", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "audit_actor_labels" ADD CONSTRAINT "audit_actor_labels_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- audit_actor_labels is derived from audit_events and kept by the database itself, in the
-- transaction of every statement that writes events (recordAuditEvent, the lifecycles' and the
-- purge's raw SQL, seeds, fixtures): set-based, from the statement's transition table, in key
-- order so two writers of new labels cannot deadlock. Events are never updated (the trail is
-- append-only) and an account's deletion cascades to both tables (docs/lists.md#audit-log).
CREATE FUNCTION audit_events_keep_actor_labels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_actor_labels (account_id, actor_label)
  SELECT DISTINCT account_id, actor_label FROM new_events ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_events_keep_actor_labels AFTER INSERT ON audit_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_keep_actor_labels();

-- The labels of the events written before this migration.
INSERT INTO audit_actor_labels (account_id, actor_label)
SELECT DISTINCT account_id, actor_label FROM audit_events ORDER BY 1, 2;
