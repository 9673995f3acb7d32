import { db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";
import { portalRoute } from "@/server/edge/portal-route";
import { getLicenceData } from "@/server/locations/get-licence-data";
import { renderLicencePdf } from "@/server/locations/licence-pdf";

export const dynamic = "force-dynamic";

/** The licence's printable PDF, for anyone who can read the licence (out of reach = 404). */
export const GET = portalRoute<{ accountId: string; licenceId: string }>(async (_request, { actor, params }) => {
  await getAccountInReach(db, actor, params.accountId);
  const data = await getLicenceData(db, { actor, licenceId: params.licenceId });
  const pdf = await renderLicencePdf(data);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="licence-${data.licence.key}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
