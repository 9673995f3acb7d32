"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { invalid } from "@/lib/errors";
import { portalAction } from "@/server/edge/portal-action";
import { activateService } from "@/server/contracts/activate-service";
import { addContract } from "@/server/contracts/add-contract";
import { archiveContract } from "@/server/contracts/archive-contract";
import { cancelContract } from "@/server/contracts/cancel-contract";
import { addContractSchema, cancelContractSchema, editContractSchema } from "@/server/contracts/contract-input";
import { editContract } from "@/server/contracts/edit-contract";
import { commitContractImport, previewContractImport } from "@/server/contracts/import/contract-import";
import { contractLabel } from "@/server/contracts/load-contract";
import { fetchUserCenterFeed, parseUserCenterFeed, syncUserCenter } from "@/server/contracts/sync-user-center";
import { db } from "@/server/db";
import { getAccountInReach } from "@/server/accounts/get-account-in-reach";

const ids = z.object({ accountId: idSchema });
const contractIds = ids.extend({ contractId: idSchema });

/** Checkbox groups arrive as repeated form fields; keep them as arrays. */
function multi(formData: FormData, name: string): string[] {
  return formData.getAll(name).map(String).filter(Boolean);
}

const addAction = portalAction(ids.and(addContractSchema), async ({ accountId, ...input }, actor) => {
  const contract = await addContract(db, { actor, accountId, input });
  redirect(`/a/${accountId}/contracts?added=${contractLabel(contract.number)}`);
});

export async function addContractAction(previous: Parameters<typeof addAction>[0], formData: FormData) {
  formData.set("addOns", multi(formData, "addOns").join(";"));
  return addAction(previous, formData);
}

const editAction = portalAction(contractIds.and(editContractSchema), async ({ accountId, contractId, ...input }, actor) => {
  await editContract(db, { actor, contractId, input });
  redirect(`/a/${accountId}/contracts?updated=1`);
});

export async function editContractAction(previous: Parameters<typeof editAction>[0], formData: FormData) {
  formData.set("addAddOns", multi(formData, "addAddOns").join(";"));
  formData.set("removeAddOns", multi(formData, "removeAddOns").join(";"));
  return editAction(previous, formData);
}

export const cancelContractAction = portalAction(
  contractIds.and(cancelContractSchema),
  async ({ accountId, contractId, ...input }, actor) => {
    await cancelContract(db, { actor, contractId, input });
    redirect(`/a/${accountId}/contracts?canceled=${input.addOn ? "addon" : "contract"}`);
  },
);

export const archiveContractAction = portalAction(contractIds, async ({ accountId, contractId }, actor) => {
  await archiveContract(db, { actor, contractId });
  revalidatePath(`/a/${accountId}/contracts`);
  return { status: "ok", message: "Contract archived. Tick “Show archived contracts” to see it.", at: Date.now() };
});

export const activateServiceAction = portalAction(ids.extend({ serviceId: idSchema }), async ({ accountId, serviceId }, actor) => {
  await activateService(db, { actor, accountId, serviceId });
  revalidatePath(`/a/${accountId}/contracts`);
  return { status: "ok", message: "Service activated.", at: Date.now() };
});

export const previewImportAction = portalAction(ids.extend({ file: z.instanceof(File, { message: "Choose a CSV or Excel file." }) }), async ({ accountId, file }, actor) => {
  if (file.size === 0) throw invalid("Choose a CSV or Excel file.", { file: ["Choose a CSV or Excel file."] });
  const preview = await previewContractImport(db, {
    actor,
    accountId,
    filename: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  redirect(`/a/${accountId}/contracts/import?preview=${preview.id}`);
});

export const commitImportAction = portalAction(ids.extend({ importId: idSchema }), async ({ accountId, importId }, actor) => {
  const result = await commitContractImport(db, { actor, accountId, importId });
  redirect(`/a/${accountId}/contracts?imported=${result.imported}`);
});

export const syncUserCenterAction = portalAction(
  ids.extend({ file: z.instanceof(File).optional() }),
  async ({ accountId, file }, actor) => {
    // Reach first: never call the feed for an account the caller cannot see.
    const { account } = await getAccountInReach(db, actor, accountId);
    let raw: unknown;
    if (file && file.size > 0) {
      try {
        raw = JSON.parse(await file.text());
      } catch {
        throw invalid("The feed file is not valid JSON.", { file: ["Upload the User Center feed as a .json file."] });
      }
    } else {
      raw = await fetchUserCenterFeed(account.userCenterId ?? "");
    }
    const report = await syncUserCenter(db, { actor, accountId, feed: parseUserCenterFeed(raw) });
    revalidatePath(`/a/${accountId}/contracts`);
    return {
      status: "ok",
      message: `Synced with the User Center: ${report.created.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged${report.errors.length ? `, ${report.errors.length} with errors` : ""}.`,
      data: { report: JSON.stringify(report) },
      at: Date.now(),
    };
  },
);
