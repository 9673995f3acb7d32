import "server-only";
import { AppError } from "@/lib/errors";

/** The one answer for a taken external id, whether the check or the unique index caught it. */
export const externalIdTaken = () =>
  new AppError("CONFLICT", "Another end user of this customer has that external id.", {
    reason: "END_USER_EXISTS",
    fieldErrors: { externalId: ["Another end user of this customer has that external id."] },
  });
