/**
 * `npm run db:create-distributor -- --name "Acme Distribution" --email admin@acme.example [--timezone Europe/Madrid]`
 * Creates a top-level distributor account and its first admin on a production
 * database, printing a temporary password for that admin (shown once).
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { accountNameSchema, billingTimezoneSchema } from "../src/server/accounts/account-input";
import { recordAuditEvent } from "../src/server/audit/record-audit-event";
import { generateTemporaryPassword, hashPassword } from "../src/server/auth/password";
import { rootPath } from "../src/server/auth/reach";
import { openDatabase, runScript } from "./lib/open-database";

const argsSchema = z.object({
  name: accountNameSchema,
  email: z.email("--email must be an email address.").trim().toLowerCase(),
  timezone: billingTimezoneSchema.default("UTC"),
});

await runScript(async () => {
  const { values } = parseArgs({ options: { name: { type: "string" }, email: { type: "string" }, timezone: { type: "string" } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n"));
  }
  const { name, email, timezone } = parsed.data;
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const database = await openDatabase();
  try {
    await database.prisma.$transaction(async (tx) => {
      const id = randomUUID();
      await tx.account.create({ data: { id, name, kind: "DISTRIBUTOR", billingTimezone: timezone, path: rootPath(id), depth: 0 } });
      const user = await tx.user.create({ data: { email, name: email.split("@")[0]!, passwordHash } });
      await tx.membership.create({ data: { accountId: id, userId: user.id, role: "ADMIN" } });
      await recordAuditEvent(tx, { system: "create-distributor" }, {
        accountId: id,
        action: "account.created",
        objectType: "account",
        objectId: id,
        after: { name, kind: "DISTRIBUTOR", admin: email },
      });
    });
    console.log(`Created distributor "${name}" with admin ${email}.\nTemporary password (shown once): ${temporaryPassword}`);
  } finally {
    await database.close();
  }
});
