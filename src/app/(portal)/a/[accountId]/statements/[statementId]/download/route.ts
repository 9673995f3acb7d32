import type { StatementFormat } from "@/generated/prisma/enums";
import { invalid } from "@/lib/errors";
import { db } from "@/server/db";
import { getStatementFile } from "@/server/billing/statements/get-statement";
import { portalRoute } from "@/server/edge/portal-route";

export const dynamic = "force-dynamic";

const FORMATS: Record<string, StatementFormat> = { pdf: "PDF", xlsx: "XLSX", csv: "CSV" };

/**
 * GET /a/<account>/statements/<statement>/download?format=pdf|xlsx|csv: a final statement's stored
 * file byte for byte, or a draft rendered now and marked DRAFT (docs/money.md#statements). A
 * statement that does not name the account as seller or buyer, or an account out of reach, is a
 * 404; a missing or repeated format a 400 naming it.
 */
export const GET = portalRoute<{ accountId: string; statementId: string }>(async (request, { actor, params }) => {
  const formats = new URL(request.url).searchParams.getAll("format");
  const format = formats.length === 1 ? FORMATS[formats[0]!] : undefined;
  if (!format) throw invalid("Choose the file format: pdf, xlsx or csv.", { format: ["Give format=pdf, xlsx or csv."] });
  const file = await getStatementFile(db, { actor, accountId: params.accountId, statementId: params.statementId, format, now: new Date() });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
