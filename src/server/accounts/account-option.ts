import type { Prisma } from "@/generated/prisma/client";
import type { AccountKind } from "@/generated/prisma/enums";

/** An account offered by a form's account combobox (docs/screens.md#async-combobox): its id, name and kind. */
export interface AccountOption {
  id: string;
  name: string;
  kind: AccountKind;
}

export const ACCOUNT_OPTION_SELECT = { id: true, name: true, kind: true } satisfies Prisma.AccountSelect;
